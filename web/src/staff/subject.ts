// The subjects intake writes itself for the feed channels ("Missed call — call
// back", "Review on google (1/5)", "Survey detractor: NPS 3/10") are stored in
// English; the desk shows them in its own language. A subject a customer wrote
// is shown as written.
import type { TFunction } from 'i18next';

const FIXED: Record<string, string> = {
  'Missed call — call back': 'desk.subject.missed',
  'Dropped call — call back now': 'desk.subject.dropped',
  'Voicemail — call back': 'desk.subject.voicemail',
};

/** A case subject in the reader's language when intake wrote it, else as written. */
export function subjectText(t: TFunction, subject: string | null | undefined): string {
  if (!subject) return '';
  const fixed = FIXED[subject];
  if (fixed) return t(fixed);
  const review = /^Review on (.+?)(?: \(([\d.]+\/\d+)\))?$/.exec(subject);
  if (review) return t('desk.subject.review', { source: review[1], rating: review[2] ? ` (${review[2]})` : '' });
  const survey = /^Survey detractor: (.+)$/.exec(subject);
  if (survey) return t('desk.subject.survey', { score: survey[1] });
  return subject;
}
