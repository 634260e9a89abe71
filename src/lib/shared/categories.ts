/**
 * Incident categories and their labels, apart from the schemas in model.ts so the marshal's
 * report form can draw them without loading zod (model.ts re-exports both).
 */
export const INCIDENT_CATEGORIES = [
	'hate-abuse',
	'hate-assault',
	'medical',
	'welfare',
	'crowd',
	'disorder',
	'other'
] as const;

export const CATEGORY_LABELS: Record<(typeof INCIDENT_CATEGORIES)[number], string> = {
	'hate-abuse': 'Hate-motivated abuse or harassment',
	'hate-assault': 'Hate-motivated assault',
	medical: 'Medical',
	welfare: 'Welfare or lost person',
	crowd: 'Crowd density',
	disorder: 'Disorder',
	other: 'Other'
};
