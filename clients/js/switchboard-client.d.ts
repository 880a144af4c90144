// Type declarations for switchboard-client.js (a plain ES module; no build step needed).

export class RpcError extends Error {
  readonly code: number;
  readonly data?: unknown;
}
export class TimeoutError extends Error {
  readonly method: string;
  readonly timeoutMs: number;
}
export class ClosedError extends Error {}
export class QueueFullError extends Error {}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A server notification `event` on a subscribed channel. */
export interface ChannelEvent<T = unknown> {
  channel: string;
  id: string;
  offset: number;
  /** The channel's epoch: offsets of another epoch are not comparable (the server lost history). */
  epoch?: string;
  type: string;
  data: T;
  time: string;
}

export interface SubscribeResult {
  channel: string;
  offset: number;
  /** The channel's epoch (null while it has no events); the client sends it back with `since`. */
  epoch: string | null;
  /** false: the server could not replay everything since the last offset (or it was of another epoch); reload the view. */
  recovered: boolean;
}

export interface ClientOptions {
  /** ws:// or wss:// URL, e.g. wss://host/notifications/ws */
  url: string;
  /** A bearer token, or a function returning a fresh one before each (re)connect. */
  token?: string | (() => string | Promise<string>);
  /** WebSocket implementation; defaults to globalThis.WebSocket. */
  WebSocket?: unknown;
  /** Per-call timeout when a call names none (default 10000). */
  callTimeoutMs?: number;
  /** An upgrade not answered within this long (a stalled server) is abandoned and retried (default 10000). */
  connectTimeoutMs?: number;
  /** Ping when nothing was received for this long (default 20000). */
  heartbeatIntervalMs?: number;
  /** A ping unanswered for this long means a dead link: reconnect (default 10000). */
  heartbeatTimeoutMs?: number;
  /** Reconnect backoff: uniform jitter between min and min(max, min*2^(attempt+1)) (defaults 500, 30000). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A connection open at least this long resets the backoff when it closes (default 5000). */
  stableAfterMs?: number;
  /** Calls kept while offline; more are rejected with QueueFullError (default 100). */
  maxQueuedCalls?: number;
  /** Random source for the jitter (tests). */
  random?: () => number;
}

export interface Unsubscribe {
  (): void;
  /** Settles with the first subscribe result (also when subscribed while offline); rejects when refused or closed first. */
  readonly ready: Promise<SubscribeResult>;
}

export function isFinalCloseCode(code: number): boolean;
export function backoffDelay(attempt: number, options: { minBackoffMs: number; maxBackoffMs: number; random: () => number }): number;

export class SwitchboardClient {
  constructor(options: ClientOptions);
  readonly state: ConnectionState;
  connect(): Promise<SwitchboardClient>;
  call<R = unknown>(method: string, params?: Record<string, unknown>, options?: { timeoutMs?: number }): Promise<R>;
  subscribe<T = unknown>(channel: string, handler: (event: ChannelEvent<T>) => void,
                         options?: { since?: number; epoch?: string; onReset?: (result: SubscribeResult) => void }): Unsubscribe;
  ack(channel: string, id: string): Promise<unknown>;
  publish(channel: string, type: string, data: unknown): Promise<{ id: string; offset: number }>;
  close(): void;
  /** 'reconnecting' is emitted before each retry with {delayMs, attempt}; 'closed' carries the reason. */
  on(event: 'state', fn: (state: ConnectionState, detail?: unknown) => void): () => void;
  on(event: 'open', fn: () => void): () => void;
  on(event: 'close', fn: (code: number, reason: string) => void): () => void;
  on(event: 'event', fn: (event: ChannelEvent) => void): () => void;
  on(event: 'reset', fn: (channel: string, result: SubscribeResult) => void): () => void;
  /** A server notification other than `event`, e.g. `state` on the QR login push socket. */
  on(event: 'notification', fn: (method: string, params: unknown) => void): () => void;
  on(event: 'error', fn: (error: Error) => void): () => void;
}
