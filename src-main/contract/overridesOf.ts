import {z} from 'zod';

/**
 * The schema of overrides of an object schema: every field optional and checked as the field is, but with no default
 * filled in — what was not given stays open (to a preset, or to what an earlier round set). zod's `.partial()` keeps
 * the defaults, so a partial of the search settings would pin every unset setting to its default.
 */
export function overridesOf<T extends z.ZodObject>(schema: T): z.ZodType<Partial<z.output<T>>, Partial<z.input<T>>> {
	const shape = Object.fromEntries(Object.entries(schema.shape).map(([key, field]) => {
		let inner = field as z.ZodType;
		while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault)
			inner = inner.unwrap() as z.ZodType;
		return [key, inner.optional()];
	}));
	return z.object(shape) as unknown as z.ZodType<Partial<z.output<T>>, Partial<z.input<T>>>;
}
