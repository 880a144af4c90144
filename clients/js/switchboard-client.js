// Switchboard browser/Node client: JSON-RPC 2.0 over WebSocket with timeouts, deadlines, heartbeat,
// reconnect with capped jittered backoff, resubscription with `since`, and a bounded offline queue.
// A plain ES module: no build step. In Node 20 pass `WebSocket` (e.g. from the `ws` package) or run
// with --experimental-websocket; browsers and Node 22+ have a global WebSocket.

/** A JSON-RPC error answered by the server. */
export class RpcError extends Error {
  constructor(code, message, data) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.data = data;
  }
}

/** A call that got no answer within its timeout (it may still have been carried out). */
export class TimeoutError extends Error {
  constructor(method, timeoutMs) {
    super(`${method}: no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
    this.method = method;
    this.timeoutMs = timeoutMs;
  }
}

/** The client was closed, or the server said not to reconnect, before the call could be answered. */
export class ClosedError extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'ClosedError';
  }
}

/** Too many calls queued while offline. */
export class QueueFullError extends Error {
  constructor(limit) {
    super(`offline queue is full (${limit} calls)`);
    this.name = 'QueueFullError';
  }
}

const DEFAULTS = {
  callTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  heartbeatIntervalMs: 20_000,
  heartbeatTimeoutMs: 10_000,
  minBackoffMs: 500,
  maxBackoffMs: 30_000,
  stableAfterMs: 5_000,
  maxQueuedCalls: 100,
  random: Math.random,
};

/** JSON-RPC errors that mean "not now" rather than "never": internal error, overloaded, unavailable (store down), rate limited. */
const RETRYABLE_CODES = new Set([-32603, -32005, -32006, -32007]);

/** Close codes after which reconnecting is pointless without a person (or a new token). */
export function isFinalCloseCode(code) {
  return code >= 4500 && code <= 4999;
}

/**
 * Jittered exponential backoff: a uniformly random delay in [min, min(max, min * 2^(attempt+1))],
 * so even the first retry of many clients after a restart is spread over [min, 2*min].
 */
export function backoffDelay(attempt, { minBackoffMs, maxBackoffMs, random }) {
  const cap = Math.max(minBackoffMs, Math.min(maxBackoffMs, minBackoffMs * 2 ** Math.min(attempt + 1, 30)));
  return Math.min(cap, minBackoffMs + Math.floor(random() * (cap - minBackoffMs + 1)));
}

export class SwitchboardClient {
  /**
   * @param {object} options
   * @param {string} options.url                 ws(s):// URL of the socket
   * @param {string|(() => string|Promise<string>)} [options.token]  bearer token, or a function giving a fresh one
   * @param {typeof WebSocket} [options.WebSocket]
   */
  constructor(options) {
    this.options = { ...DEFAULTS, ...options };
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    if (!this.WebSocketImpl) throw new Error('no WebSocket implementation: pass options.WebSocket');
    this.state = 'idle';
    this.nextId = 1;
    this.pending = new Map(); // id -> {resolve, reject, timer, method}
    this.queue = []; // frames of calls made while offline: {id, frame}
    this.subscriptions = new Map(); // channel -> {handlers:Set, offset, epoch, onReset, first, resyncing}
    this.listeners = new Map(); // event -> Set<fn>
    this.attempt = 0; // failed attempts since the last stable connection
    this.everOpened = false;
    this.openedAt = 0;
    this.socket = null;
    this.stopped = false;
    this.lastReceived = 0;
    this.pinging = false;
  }

  /**
   * Listens to 'state' (connecting|open|reconnecting|closed), 'open', 'close', 'event', 'reset',
   * 'notification' (other server notifications: method, params) and 'error'. Returns a function that stops listening.
   */
  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(fn);
    return () => this.listeners.get(event)?.delete(fn);
  }

  emit(event, ...args) {
    for (const fn of this.listeners.get(event) ?? []) {
      try { fn(...args); } catch (e) { queueMicrotask(() => { throw e; }); }
    }
  }

  setState(state, detail) {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state, detail);
  }

  /**
   * Opens the socket; resolves on the first open and keeps reconnecting afterwards (it does not reject
   * while it retries). Rejects with ClosedError when closed (by close() or a 45xx close code) first.
   */
  connect() {
    if (this.state === 'open') return Promise.resolve(this);
    const active = !this.stopped && (this.socket || this.reconnectTimer || this.opening);
    return new Promise((resolve, reject) => {
      const offOpen = this.on('open', () => { offOpen(); offClosed(); resolve(this); });
      const offClosed = this.on('state', (s, detail) => {
        if (s === 'closed') { offOpen(); offClosed(); reject(new ClosedError(String(detail ?? 'closed'))); }
      });
      if (!active) {
        this.stopped = false;
        this.open();
      }
    });
  }

  async open() {
    if (this.stopped) return;
    this.reconnectTimer = null;
    this.opening = true;
    this.setState(this.everOpened || this.attempt > 0 ? 'reconnecting' : 'connecting');
    let token;
    try {
      token = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    } catch (e) {
      this.opening = false;
      this.emit('error', e);
      this.scheduleReconnect();
      return;
    }
    this.opening = false;
    if (this.stopped) return; // closed while the token was being fetched
    const protocols = token
      ? ['bearer-token-carrier', encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${token}`)]
      : undefined;
    let ws;
    try {
      ws = new this.WebSocketImpl(this.options.url, protocols);
    } catch (e) {
      this.emit('error', e);
      this.scheduleReconnect();
      return;
    }
    this.socket = ws;
    // A server that accepts TCP but never answers the upgrade (stalled, overloaded) would leave the
    // socket CONNECTING forever: give up on it after connectTimeoutMs and try again.
    clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => {
      if (ws !== this.socket || this.state === 'open') return;
      try { ws.close(); } catch { /* ignore */ }
      this.onClose(ws, 1006, 'connect timeout');
    }, this.options.connectTimeoutMs);
    ws.onopen = () => this.onOpen(ws);
    ws.onmessage = (m) => { if (ws === this.socket) this.onMessage(typeof m.data === 'string' ? m.data : String(m.data)); };
    ws.onerror = (e) => { if (ws === this.socket) this.emit('error', e?.error ?? new Error('WebSocket error')); };
    ws.onclose = (e) => this.onClose(ws, e.code, e.reason);
  }

  onOpen(ws) {
    if (ws !== this.socket) return;
    clearTimeout(this.connectTimer);
    this.everOpened = true;
    this.openedAt = Date.now();
    this.lastReceived = Date.now();
    this.setState('open');
    this.startHeartbeat();
    // resubscribe first (with `since`), then flush calls made while offline, in order
    for (const [channel, sub] of this.subscriptions) this.resubscribe(channel, sub);
    const queued = this.queue.splice(0);
    for (const q of queued) if (this.pending.has(q.id)) ws.send(q.frame);
    this.emit('open');
  }

  onClose(ws, code, reason) {
    if (ws !== this.socket) return;
    this.socket = null;
    clearTimeout(this.connectTimer);
    this.stopHeartbeat();
    // a connection that stayed up a while resets the backoff; one closed right after opening does not,
    // so a server that accepts and then drops every connection is not hammered at the minimum delay
    if (this.openedAt && Date.now() - this.openedAt >= this.options.stableAfterMs) this.attempt = 0;
    this.openedAt = 0;
    this.emit('close', code, reason);
    // calls already written may or may not have run: they fail now rather than be sent twice
    for (const [id] of this.pending) {
      if (!this.queue.some((q) => q.id === id)) this.settle(id, null, new ClosedError(`connection closed (${code})`));
    }
    if (this.stopped) { this.closedForGood(reason || 'closed by client'); return; }
    if (isFinalCloseCode(code)) {
      this.stopped = true;
      for (const q of this.queue.splice(0)) this.settle(q.id, null, new ClosedError(`server said not to reconnect (${code} ${reason})`));
      this.closedForGood(`${code} ${reason}`);
      return;
    }
    this.scheduleReconnect();
  }

  closedForGood(detail) {
    for (const sub of this.subscriptions.values()) {
      sub.firstSettle?.reject(new ClosedError(`closed before subscribing (${detail})`));
      sub.firstSettle = null;
    }
    this.setState('closed', detail);
  }

  scheduleReconnect() {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++, this.options);
    // the state changes only once per outage; the delay of each attempt is in the 'reconnecting' event
    this.state = 'reconnecting';
    this.emit('state', 'reconnecting', { delayMs: delay, attempt: this.attempt });
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  onMessage(text) {
    this.lastReceived = Date.now();
    let msg;
    try { msg = JSON.parse(text); } catch { this.emit('error', new Error('unreadable frame')); return; }
    if (msg === null || typeof msg !== 'object') { this.emit('error', new Error('not a JSON-RPC frame')); return; }
    if (msg.method === 'event' && msg.id === undefined && msg.params) { this.onEvent(msg.params); return; }
    if (typeof msg.method === 'string') {
      if (msg.id === undefined) { this.emit('notification', msg.method, msg.params); return; }
      // a server request: we serve ping only
      const answer = msg.method === 'ping'
        ? { jsonrpc: '2.0', id: msg.id, result: 'pong' }
        : { jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: `Method not found: ${msg.method}` } };
      this.socket?.send(JSON.stringify(answer));
      return;
    }
    if (msg.id !== undefined && msg.id !== null && this.pending.has(msg.id)) {
      if (msg.error) this.settle(msg.id, null, new RpcError(msg.error.code, msg.error.message, msg.error.data));
      else this.settle(msg.id, msg.result);
    } else if (msg.error) {
      this.emit('error', new RpcError(msg.error.code, msg.error.message, msg.error.data));
    }
  }

  onEvent(event) {
    const sub = this.subscriptions.get(event.channel);
    if (sub) {
      if (typeof event.offset === 'number') {
        const held = sub.offset !== undefined;
        const otherEpoch = held && sub.epoch != null && event.epoch != null && event.epoch !== sub.epoch;
        // another epoch: the channel's offsets started again (history lost); a gap: events were missed.
        // Either way ask the server from the last offset held; it replays, or answers recovered:false (reset).
        // While that resubscribe is in flight, events of the old stream that do not follow on are ignored:
        // the server replays from our offset after its answer.
        if (otherEpoch || (held && event.offset > sub.offset + 1)) {
          if (!sub.resyncing && this.state === 'open') this.resubscribe(event.channel, sub);
          return;
        }
        if (held && event.offset <= sub.offset) return; // seen
        sub.offset = event.offset;
        if (event.epoch != null) sub.epoch = event.epoch;
      }
      for (const h of sub.handlers) {
        try { h(event); } catch (e) { queueMicrotask(() => { throw e; }); }
      }
    }
    this.emit('event', event);
  }

  settle(id, result, error) {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    const i = this.queue.findIndex((q) => q.id === id);
    if (i >= 0) this.queue.splice(i, 1);
    if (error) p.reject(error); else p.resolve(result);
  }

  /**
   * A JSON-RPC request. Its timeout runs from this call, also while it waits offline in the queue;
   * the deadline travels in params._meta.deadline.
   */
  call(method, params = {}, { timeoutMs = this.options.callTimeoutMs } = {}) {
    if (this.stopped && this.state === 'closed') return Promise.reject(new ClosedError('client is closed'));
    const id = `c${this.nextId++}`;
    const deadline = new Date(Date.now() + timeoutMs).toISOString();
    const frame = JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: { ...(params._meta ?? {}), deadline } } });
    return new Promise((resolve, reject) => {
      const online = this.socket && this.state === 'open';
      if (!online && this.queue.length >= this.options.maxQueuedCalls) {
        reject(new QueueFullError(this.options.maxQueuedCalls));
        return;
      }
      const timer = setTimeout(() => this.settle(id, null, new TimeoutError(method, timeoutMs)), timeoutMs);
      this.pending.set(id, { resolve, reject, timer, method });
      if (online) this.socket.send(frame); else this.queue.push({ id, frame });
    });
  }

  /**
   * Subscribes to a channel. After any reconnect it resubscribes with `since` = the last offset seen (and
   * its `epoch`), so missed events arrive first, in order; `onReset` is called when the server could not
   * recover. An event that does not follow the last offset (a gap), or of another epoch, makes it
   * resubscribe the same way on the open link.
   * Returns an unsubscribe function whose `ready` settles with the first subscribe result (also when
   * subscribed while offline). A subscription the server refuses (an RpcError) is dropped.
   */
  subscribe(channel, handler, { since, epoch, onReset } = {}) {
    let sub = this.subscriptions.get(channel);
    if (!sub) {
      sub = { handlers: new Set(), offset: since, epoch: since === undefined ? undefined : epoch, onReset };
      sub.first = new Promise((resolve, reject) => { sub.firstSettle = { resolve, reject }; });
      sub.first.catch(() => {}); // observed through `ready`
      this.subscriptions.set(channel, sub);
      if (this.state === 'open') this.resubscribe(channel, sub);
    }
    sub.handlers.add(handler);
    if (onReset) sub.onReset = onReset;
    const unsubscribe = () => {
      sub.handlers.delete(handler);
      if (sub.handlers.size === 0 && this.subscriptions.get(channel) === sub) {
        this.subscriptions.delete(channel);
        if (this.state === 'open') this.call('unsubscribe', { channel }).catch(() => {});
      }
    };
    unsubscribe.ready = sub.first;
    return unsubscribe;
  }

  resubscribe(channel, sub) {
    const params = sub.offset === undefined ? { channel }
      : sub.epoch == null ? { channel, since: sub.offset } : { channel, since: sub.offset, epoch: sub.epoch };
    sub.resyncing = true;
    const p = this.call('subscribe', params).then((result) => {
      sub.resyncing = false;
      sub.lastResult = result;
      sub.retries = 0;
      if (result && result.recovered === false && sub.offset !== undefined) {
        this.emit('reset', channel, result);
        try { sub.onReset?.(result); } catch (e) { queueMicrotask(() => { throw e; }); }
      }
      if (result && typeof result.offset === 'number' && (sub.offset === undefined || result.recovered === false)) {
        sub.offset = result.offset;
        sub.epoch = result.epoch ?? undefined;
      } else if (result && result.epoch != null && sub.epoch == null) {
        sub.epoch = result.epoch;
      }
      sub.firstSettle?.resolve(result);
      sub.firstSettle = null;
      return result;
    }, (e) => {
      sub.resyncing = false;
      if (e instanceof RpcError && RETRYABLE_CODES.has(e.code) && this.subscriptions.get(channel) === sub) {
        // the server could not serve it just now (internal error, overloaded): try again after a backoff
        const delay = Math.max(backoffDelay(sub.retries = (sub.retries ?? 0) + 1, this.options), e.data?.retryAfterMs ?? 0);
        setTimeout(() => {
          if (this.subscriptions.get(channel) === sub && this.state === 'open') this.resubscribe(channel, sub);
        }, delay);
      } else if (e instanceof RpcError && this.subscriptions.get(channel) === sub) {
        this.subscriptions.delete(channel); // refused (forbidden, bad channel): retrying cannot help
        sub.firstSettle?.reject(e);
        sub.firstSettle = null;
      }
      // a timeout or a closed link is retried on the next open; `ready` waits for that
      this.emit('error', e);
      throw e;
    });
    p.catch(() => {});
    return p;
  }

  /** Records that a person saw an event. */
  ack(channel, id) {
    return this.call('ack', { channel, id });
  }

  publish(channel, type, data) {
    return this.call('publish', { channel, type, data });
  }

  startHeartbeat() {
    this.stopHeartbeat();
    const { heartbeatIntervalMs, heartbeatTimeoutMs } = this.options;
    this.heartbeat = setInterval(() => {
      if (this.pinging || Date.now() - this.lastReceived < heartbeatIntervalMs) return; // traffic proves the link
      const ws = this.socket;
      this.pinging = true;
      this.call('ping', {}, { timeoutMs: heartbeatTimeoutMs }).then(() => { this.pinging = false; }, (e) => {
        this.pinging = false;
        if (e instanceof TimeoutError && ws && ws === this.socket) {
          this.emit('error', new Error('heartbeat: no pong, reconnecting'));
          try { ws.close(4000, 'heartbeat timeout'); } catch { /* already closing */ }
          // a dead TCP link may never deliver the close: treat it as closed now
          this.onClose(ws, 4000, 'heartbeat timeout');
        }
      });
    }, Math.max(25, Math.floor(heartbeatIntervalMs / 2)));
  }

  stopHeartbeat() {
    clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.pinging = false;
  }

  /** Closes for good: pending and queued calls fail with ClosedError. */
  close() {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.stopHeartbeat();
    for (const id of [...this.pending.keys()]) this.settle(id, null, new ClosedError('client closed'));
    const ws = this.socket;
    if (ws) {
      try { ws.close(1000, 'client closed'); } catch { /* ignore */ }
      // do not wait for the close handshake (a stalled server may never answer it)
      this.onClose(ws, 1000, 'client closed');
    } else {
      this.closedForGood('client closed');
    }
  }
}
