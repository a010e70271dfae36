// The ways a complaint arrives (P-1.1) and the journey stages a case can concern:
// declared once here and imported everywhere, the web app included.

/** Every channel a case can come through. */
export const CHANNELS = ['email', 'web_form', 'phone', 'chat', 'review', 'social', 'survey', 'complaint_book', 'walk_in', 'letter', 'api', 'contract_end'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Where in the customer's journey the failure happened (before, at or after the purchase). */
export const JOURNEY_STAGES = ['before_purchase', 'at_purchase', 'after_purchase'] as const;
export type JourneyStage = (typeof JOURNEY_STAGES)[number];

/** Clocks of the playbook pack that a channel can start on its own (P-1.4 callbacks, P-1.6 reviews). */
export const CHANNEL_CLOCK_IDS = ['missed-call-callback', 'dropped-call-callback', 'review-response'] as const;
export type ChannelClockId = (typeof CHANNEL_CLOCK_IDS)[number];

/** The channel's own clock when intake names none: a review gets a reply clock, a call a callback. */
export const DEFAULT_CHANNEL_CLOCK: Partial<Record<Channel, ChannelClockId>> = {
  review: 'review-response',
  phone: 'missed-call-callback',
};
