/**
 * Hostile payloads for the fuzz tests, built from each command's own schema: wrong types,
 * nasty values, missing and extra keys, own __proto__ / constructor keys, deep nesting and
 * strings over their caps, each one the schema rejects as the server will receive it.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { COMMANDS, type CommandName } from '$lib/shared/protocol';
import { freshContext, validPayload, wireForm } from './support/payloads';

type Shape = Record<string, z.ZodType>;
const shapeOf = (name: CommandName): Shape =>
	(COMMANDS[name].payload as unknown as { shape: Shape }).shape;

/** The string fields of a command with their length caps (through optional/default/nullable). */
export function stringCaps(name: CommandName): { key: string; max: number }[] {
	const caps: { key: string; max: number }[] = [];
	for (const [key, field] of Object.entries(shapeOf(name))) {
		let s = field as unknown as { def: { type: string; innerType?: unknown }; maxLength?: number };
		while (['optional', 'default', 'nullable'].includes(s.def.type)) {
			s = s.def.innerType as typeof s;
		}
		if (s.def.type === 'string' && typeof s.maxLength === 'number') {
			caps.push({ key, max: s.maxLength });
		}
	}
	return caps;
}

export const nasty = fc.constantFrom<unknown>(
	NaN,
	Infinity,
	-Infinity,
	-0,
	1e308,
	-1e308,
	Number.MAX_SAFE_INTEGER + 2,
	0.5,
	'',
	' ',
	'\u0000',
	'\u202e',
	'<script>alert(1)</script>',
	"'; DROP TABLE journal; --",
	'a'.repeat(65),
	'true',
	'1',
	[],
	{},
	null
);

/** Own `__proto__` / `constructor` keys, as JSON.parse makes them (and as the server sees them). */
function polluted(base: Record<string, unknown>): unknown[] {
	const body = JSON.stringify(base).slice(1);
	const firstKey = Object.keys(base)[0];
	return [
		JSON.parse(`{"__proto__":{"polluted":"yes","isAdmin":true},${body}`),
		JSON.parse(`{"constructor":{"prototype":{"polluted":"yes"}},${body}`),
		JSON.parse(`{"__proto__":${JSON.stringify(base)}}`),
		JSON.parse(`{"prototype":{"polluted":"yes"},${body}`),
		{ ...base, [firstKey]: JSON.parse('{"__proto__":{"polluted":"yes"}}') },
		JSON.parse(`[{"__proto__":{"polluted":"yes"}}]`)
	];
}

function nested(depth: number, arrays: boolean): unknown {
	let v: unknown = 'x';
	for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
	return v;
}

/** Payloads that the command's schema rejects, as the server will receive them. */
export function hostilePayloads(name: CommandName): fc.Arbitrary<unknown> {
	const base = validPayload(name, freshContext());
	const keys = Object.keys(shapeOf(name));
	const schema = COMMANDS[name].payload;
	const value = fc.oneof(fc.jsonValue(), fc.anything({ maxDepth: 3 }), nasty);
	const key = fc.constantFrom(...keys);
	const withKeys = (extra: Record<string, unknown>) => ({ ...base, ...extra });
	return fc
		.oneof(
			// Random values of any kind.
			fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 4 }),
			fc.jsonValue(),
			// A wrong type or value for one field, or a field missing.
			fc.tuple(key, value).map(([k, v]) => withKeys({ [k]: v })),
			key.map((k) => Object.fromEntries(Object.entries(base).filter(([j]) => j !== k))),
			// Unknown keys (the schemas are strict).
			fc
				.tuple(fc.string({ minLength: 1, maxLength: 24 }), fc.jsonValue())
				.filter(([k]) => !keys.includes(k))
				.map(([k, v]) => withKeys({ [k]: v })),
			// Prototype pollution.
			fc.constantFrom(...polluted(base)),
			// Deeply nested, as the payload or in a field.
			fc
				.tuple(fc.integer({ min: 50, max: 2500 }), fc.boolean(), fc.option(key))
				.map(([depth, arrays, k]) =>
					k === null ? nested(depth, arrays) : withKeys({ [k]: nested(depth, arrays) })
				),
			// Arrays where an object belongs.
			fc.constantFrom<unknown>([base], Object.values(base), Object.entries(base), []),
			fc.array(fc.jsonValue(), { maxLength: 5 }),
			// Huge strings in any field (under the packet cap).
			fc
				.tuple(key, fc.integer({ min: 1001, max: 60_000 }))
				.map(([k, n]) => withKeys({ [k]: 'x'.repeat(n) }))
		)
		.filter((p) => !schema.safeParse(wireForm(p)).success);
}
