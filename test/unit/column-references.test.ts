import { describe, expect, it } from 'vitest';
import { renameColumnInDefinition, renameColumnReferences } from '../../src/sql/column-references.js';

describe('renameColumnReferences', () => {
  it('renames bare and quoted references, quoting the new name as needed', () => {
    expect(renameColumnReferences('email IS NOT NULL AND "email" <> \'\'', 'email', 'email_address')).toBe('email_address IS NOT NULL AND email_address <> \'\'');
    expect(renameColumnReferences('EMAIL > 0', 'email', 'Mail')).toBe('"Mail" > 0');
    expect(renameColumnReferences('"Email" > 0 AND email > 1', 'Email', 'e')).toBe('e > 0 AND email > 1');
    expect(renameColumnReferences('position > 0', 'position', 'rank')).toBe('rank > 0');
  });

  it('leaves strings, comments, functions, types, qualified names and keywords alone', () => {
    expect(renameColumnReferences("lower(email) = 'email' /* email */", 'email', 'e')).toBe("lower(e) = 'email' /* email */");
    expect(renameColumnReferences('lower (x) > 0', 'lower', 'y')).toBe('lower (x) > 0');
    expect(renameColumnReferences('x::email > $$email$$', 'email', 'y')).toBe('x::email > $$email$$');
    expect(renameColumnReferences('t.email > 0 AND email.x > 0', 'email', 'y')).toBe('t.email > 0 AND email.x > 0');
    expect(renameColumnReferences('x IS NULL', 'null', 'y')).toBe('x IS NULL');
    expect(renameColumnReferences("E'email' || email", 'email', 'y')).toBe("E'email' || y");
  });
});

describe('renameColumnInDefinition', () => {
  it('rewrites an index after its method, never its name, table or method', () => {
    const index = 'CREATE INDEX IF NOT EXISTS email\n    ON public.email USING btree (email) WHERE email IS NOT NULL';
    expect(renameColumnInDefinition(index, 'email', 'mail')).toBe('CREATE INDEX IF NOT EXISTS email\n    ON public.email USING btree (mail) WHERE mail IS NOT NULL');
    expect(renameColumnInDefinition('CREATE INDEX ix ON public.t USING gin (gin)', 'gin', 'g')).toBe('CREATE INDEX ix ON public.t USING gin (g)');
  });

  it('rewrites a CHECK expression', () => {
    expect(renameColumnInDefinition('CHECK (price > 0 AND price < 10)', 'price', 'amount')).toBe('CHECK (amount > 0 AND amount < 10)');
    expect(renameColumnInDefinition('UNIQUE (price)', 'price', 'amount')).toBe('UNIQUE (price)');
  });
});
