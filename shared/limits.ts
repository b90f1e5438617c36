/**
 * Every protocol limit in one place, with its default. The server's config can
 * tighten these per deployment; the widget and console read the same numbers so
 * they can refuse locally what the server would refuse anyway.
 */
export const PROTOCOL_VERSION = 1;

export const LIMITS = {
  /** Largest WebSocket frame the server accepts (bytes). ws defaults to 100 MiB; a chat frame is small. */
  maxPayloadBytes: 16 * 1024,
  /** Longest message text (characters, after trimming). */
  maxMessageChars: 2000,
  /** Client message ids are short opaque strings. */
  maxClientIdChars: 64,
  /** A socket must say hello within this time or it is closed. */
  helloTimeoutMs: 10_000,
  /** Events replayed on resume per batch; a client further behind gets several batches. */
  resumeBatch: 500,
  /** Visitor messages allowed per rate window per socket. */
  rateLimitMessages: 20,
  rateLimitWindowMs: 10_000,
  /** Client heartbeat: ping every interval, give up when no pong within timeout. */
  heartbeatIntervalMs: 25_000,
  heartbeatTimeoutMs: 10_000,
  /** Longest page URL / locale / identify field accepted from a host page (untrusted). */
  maxPageChars: 2048,
  maxLocaleChars: 35,
  /** Longest site name shown as the widget's title. */
  maxSiteNameChars: 80,
  maxIdentifyFieldChars: 200,
  /** Widget events per telemetry batch over the socket. */
  maxEventsPerBatch: 50,
  /** Largest exit report body the server reads (bytes); a report is a few hundred. */
  maxExitReportBytes: 4096,
  /** The widget's frustration frames the server reads per window per socket; more are dropped. */
  frustrationReportsPerWindow: 5,
  /** Exit reports stored per conversation; more are refused (429). A visitor leaves a page a few times, not hundreds. */
  maxExitReportsPerConversation: 100,
  /** Widget events kept per conversation: the newest, older ones are dropped as new ones arrive. */
  maxWidgetEventsPerConversation: 2000,
  /** Longest e-mail address a visitor may leave (RFC 5321's path limit). */
  maxEmailChars: 254,
  /** Longest comment with the effort survey. */
  maxSurveyCommentChars: 1000,
  /** A typing indicator not refreshed within this time is dropped by whoever shows it (a lost "stopped typing"). */
  typingTtlMs: 6_000,
  /** Clients send "typing" at most this often while it lasts. */
  typingRefreshMs: 3_000,
} as const;

/**
 * The limits a server's configuration may lower (`limits` in its file), never
 * raise: widget and console refuse locally at these numbers, so a higher one
 * would only be refused sooner by the client. Limits the schemas fix and
 * timings the clients keep in step with are not among them.
 */
export const TIGHTENABLE = [
  'maxPayloadBytes',
  'maxMessageChars',
  'helloTimeoutMs',
  'resumeBatch',
  'rateLimitMessages',
  'frustrationReportsPerWindow',
  'maxExitReportBytes',
  'maxExitReportsPerConversation',
  'maxWidgetEventsPerConversation',
] as const satisfies readonly (keyof typeof LIMITS)[];

/** The effort survey's scale: "How easy was it to get your issue handled?" 1 (very hard) to 7 (very easy). */
export const SURVEY_SCALE = { min: 1, max: 7 } as const;
