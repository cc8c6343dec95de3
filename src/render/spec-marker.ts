/** The marker above the spec line a generated migration carries; src/history reads the line that follows it. */
export const SPEC_MARKER = '# create-migration spec, read back to know the schema';
