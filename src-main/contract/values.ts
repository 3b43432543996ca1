import { z } from 'zod';

/** The values fields are made of, shared by the schemas and the field registry. */

export const id = z.uuid({ version: 'v7', error: 'must be an id' });
export const timestamp = z.string().describe('ISO 8601 date and time, UTC');
export const text = (max: number) => z.string().trim().max(max);
export const requiredText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
export const isoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });
export const measure = z.number().positive().max(1_000_000);
export const tag = requiredText(60);

export const DIMENSION_UNITS = ['mm', 'cm', 'm', 'in'] as const;
export const WEIGHT_UNITS = ['g', 'kg', 'lb'] as const;

/** An object's evacuation priority: 1 is taken out first. */
export const EVACUATION_PRIORITIES = [1, 2, 3] as const;
/** How an evacuation criterion (significance, vulnerability, ease of handling) rates an object. */
export const RATINGS = ['high', 'medium', 'low'] as const;
