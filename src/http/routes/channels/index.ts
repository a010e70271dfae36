// Channel doors (/api/v1/channels/*, P-1.1): every way a complaint arrives,
// one folder per channel. Each registers in its own scope, so a channel's
// body parser (raw MIME, CSV) applies to its routes only.
import { emailRoutes } from './email/index.ts';
import { phoneRoutes } from './phone/index.ts';
import { reviewRoutes } from './reviews/index.ts';
import { complaintBookRoutes } from './complaint-book/index.ts';
import { surveyRoutes } from './surveys/index.ts';
import { departureFeedRoutes } from './departures/index.ts';

/** The channel route modules, each registered in its own scope by the app. */
export const channelModules = [emailRoutes, phoneRoutes, reviewRoutes, complaintBookRoutes, surveyRoutes, departureFeedRoutes];
