// What a drop warns of besides the data it destroys: code still running against the old schema
// during the deploy. One wording for every drop, naming the expand/contract way around it.

/** `drop column users.bio`, `drop table imports`: the warning's second half. */
export function breaksRunningCode(what: string): string {
  return `code that still uses it breaks the moment the ${what} commits; the expand/contract way: stop using it in one release, drop it in a later one`;
}
