// How long each class of personal data is kept (GDPR Art. 5(1)(e), issue 14): the
// worker's retention sweep deletes or scrubs what is past its period. null keeps it.

export interface RetentionSettings {
  /** Raw mail as it arrived (MIME bytes); the parsed message stays on its case. */
  rawMailDays: number | null;
  /** Attachment bytes; the row (name, type, size) stays so the case shows there was a file. */
  attachmentDays: number | null;
  /** What the public form and the channel feeds sent (the client's IP address and user agent among it). */
  formMetadataDays: number | null;
  /** Finished jobs (done or failed) in the job table. */
  finishedJobDays: number | null;
  /** Closed cases: personal content scrubbed (messages, files, the timeline's text); numbers, dates and money stay. */
  closedCaseYears: number | null;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  rawMailDays: 365,
  attachmentDays: 730,
  formMetadataDays: 90,
  finishedJobDays: 30,
  closedCaseYears: 6,
};

/** The moment before which data of a class is past its period, or null when the class is kept. */
export function retentionCutoff(now: Date, days: number | null): Date | null {
  return days === null ? null : new Date(now.getTime() - days * 86_400_000);
}
