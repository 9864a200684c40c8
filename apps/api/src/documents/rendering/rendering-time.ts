/** The one moment a rendered file carries: when its head event was recorded, never the clock. */
export function renderedAt(headRecordedAt: string): Date {
  return new Date(headRecordedAt);
}
