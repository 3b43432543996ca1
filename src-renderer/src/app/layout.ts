/**
 * Phones and tablets held upright (up to 62em, 992 px: a 390 px phone, an 820 px tablet) get the touch layout: a
 * bottom navigation with the workshop's tasks, the locations in a drawer, lists instead of wide tables, and touch
 * targets of at least 44 px (styles.css uses the same width).
 */
export const PHONE_QUERY = '(max-width: 61.99em)';
