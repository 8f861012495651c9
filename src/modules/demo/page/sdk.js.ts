/**
 * The browser edition of the client SDK's `ChatClient` (clients/js), for the demo page.
 *
 * The SDK is compiled as CommonJS that `require`s socket.io-client, which a browser cannot load
 * without a bundler, and the service ships no bundler. So this script keeps the SDK's API and
 * logic (the same method names, acks, stream routing by message_id, failure after the assistant's
 * typing stops, history resync after a reconnect that lost the session) on top of the global `io`
 * from the socket.io client bundle that the server itself serves at /socket.io/socket.io.min.js.
 * Kept as a string so the build copies no assets.
 */
export const DEMO_SDK_JS = String.raw`
(function (global) {
  'use strict';

  class ChatError extends Error {
    constructor(code, message, retryAfter) {
      super(message);
      this.name = 'ChatError';
      this.code = code;
      this.retryAfter = retryAfter;
    }
  }

  function newClientMessageId() {
    if (global.crypto && typeof global.crypto.randomUUID === 'function') {
      return global.crypto.randomUUID();
    }
    return 'cm-' + Date.now().toString(36) + '-' + Math.random().toString(16).slice(2);
  }

  function fromSocketError(err) {
    var message = (err && err.message) || String(err);
    return /timed out/i.test(message)
      ? new ChatError('timeout', 'El servidor no respondió a tiempo')
      : new ChatError('disconnected', message);
  }

  /** One answer: awaitable (the final reply); fed by chunks routed by message_id. */
  function createStream(clientMessageId, client, onChunk) {
    var resolveReply, rejectReply, resolveId, rejectId;
    var reply = new Promise(function (res, rej) { resolveReply = res; rejectReply = rej; });
    var messageId = new Promise(function (res, rej) { resolveId = res; rejectId = rej; });
    reply.catch(function () {});
    messageId.catch(function () {});
    var s = {
      clientMessageId: clientMessageId,
      messageId: messageId,
      id: null,
      conversationId: null,
      text: '',
      nextIndex: 0,
      held: new Map(),
      settled: false,
      then: function (a, b) { return reply.then(a, b); },
      catch: function (b) { return reply.catch(b); },
      stop: function () {
        return messageId.then(function (id) { return s.settled ? { stopped: false } : client.stop(id); },
          function () { return { stopped: false }; });
      },
      start: function (id, conversationId) {
        if (s.id) return;
        s.id = id;
        s.conversationId = conversationId;
        resolveId(id);
      },
      chunk: function (c) {
        if (s.settled || c.index < s.nextIndex) return;
        if (c.index > s.nextIndex) { s.held.set(c.index, c); return; }
        push(c);
        while (s.held.has(s.nextIndex)) {
          var next = s.held.get(s.nextIndex);
          s.held.delete(next.index);
          push(next);
        }
      },
      finish: function (r) {
        if (s.settled) return;
        s.start(r.message_id, r.conversation_id);
        // Text lost to a reconnect is made up from the final reply.
        if (r.response.length > s.text.length && r.response.indexOf(s.text) === 0) {
          push({ message_id: r.message_id, conversation_id: r.conversation_id,
            delta: r.response.slice(s.text.length), index: s.nextIndex });
        }
        s.settled = true;
        resolveReply(r);
      },
      fail: function (err) {
        if (s.settled) return;
        s.settled = true;
        rejectId(err);
        rejectReply(err);
      },
    };
    function push(c) {
      s.text += c.delta;
      s.nextIndex = c.index + 1;
      if (onChunk) onChunk(c.delta, c);
    }
    return s;
  }

  function ChatClient(opts) {
    var self = this;
    var token = opts.token;
    this.handlers = {};
    this.streams = new Set();
    this.state = 'idle';
    this.answerEnding = false;
    this.socket = global.io(opts.url.replace(/\/+$/, '') + '/chat', {
      autoConnect: false,
      ackTimeout: 10000,
      retries: 2,
      auth: function (cb) {
        Promise.resolve(typeof token === 'function' ? token() : token).then(
          function (t) { cb({ token: t }); }, function () { cb({}); });
      },
    });
    var s = this.socket;
    s.on('connect', function () {
      var wasReconnecting = self.state === 'reconnecting';
      self.setState('connected', { recovered: s.recovered });
      if (wasReconnecting && !s.recovered) self.resync();
    });
    s.on('connection_established', function (e) { self.emit('connection_established', e); });
    s.on('connect_error', function (err) {
      // A refused reconnect (an expired token, say): the server will not take the session back.
      if (self.state === 'reconnecting' && !s.active) {
        self.closed(new ChatError(err.message === 'unauthorized' ? 'unauthorized' : 'disconnected', err.message));
      }
    });
    s.on('disconnect', function (reason) {
      if (reason === 'io client disconnect') return;
      if (s.active) self.setState('reconnecting', { reason: reason });
      else self.closed(new ChatError('disconnected', reason));
    });
    s.on('typing', function (t) {
      if (t.actor === 'assistant') self.answerEnding = !t.is_typing;
      self.emit('typing', t);
    });
    s.on('message_chunk', function (c) {
      var st = self.streamOf(c.message_id);
      if (st) st.chunk(c);
      self.emit('message_chunk', c);
    });
    s.on('tool_status', function (t) { self.emit('tool_status', t); });
    s.on('message', function (m) {
      self.answerEnding = false;
      var st = self.streamOf(m.message_id);
      if (st) st.finish(m);
      self.emit('message', m);
    });
    s.on('error', function (e) {
      // A failed answer ends with the assistant's typing off, then this event.
      if (self.answerEnding) {
        self.answerEnding = false;
        self.streams.forEach(function (st) {
          if (st.id) st.fail(new ChatError(e.code, e.message, e.retry_after));
        });
      }
      self.emit('error', e);
    });
  }

  ChatClient.prototype.on = function (event, handler) {
    var set = this.handlers[event] || (this.handlers[event] = new Set());
    set.add(handler);
    return function () { set.delete(handler); };
  };
  ChatClient.prototype.emit = function (event, payload) {
    (this.handlers[event] || new Set()).forEach(function (h) {
      try { h(payload); } catch (err) { console.error(err); }
    });
  };
  ChatClient.prototype.setState = function (state, extra) {
    this.state = state;
    this.emit('connection_state', Object.assign({ state: state }, extra || {}));
  };
  ChatClient.prototype.streamOf = function (id) {
    var found;
    this.streams.forEach(function (st) { if (st.id === id) found = st; });
    return found;
  };

  ChatClient.prototype.connect = function () {
    var self = this;
    var s = this.socket;
    this.setState('connecting');
    return new Promise(function (resolve, reject) {
      function done() { s.off('connection_established', ok); s.off('connect_error', bad); }
      function ok(e) { done(); resolve(e); }
      function bad(err) {
        done();
        s.disconnect();
        var code = err.message === 'unauthorized' ? 'unauthorized'
          : err.message === 'rate_limited' ? 'rate_limited' : 'disconnected';
        var error = new ChatError(code, err.message, err.data && err.data.retry_after);
        self.closed(error);
        reject(error);
      }
      s.on('connection_established', ok);
      s.on('connect_error', bad);
      s.connect();
    });
  };

  ChatClient.prototype.disconnect = function () {
    this.socket.disconnect();
    this.closed(new ChatError('disconnected', 'Desconectado'));
  };

  ChatClient.prototype.closed = function (err) {
    this.streams.forEach(function (st) { st.fail(err); });
    this.streams.clear();
    if (this.state !== 'disconnected') this.setState('disconnected', { reason: err.message });
  };

  ChatClient.prototype.sendMessage = function (message, opts) {
    var self = this;
    opts = opts || {};
    var st = createStream(opts.clientMessageId || newClientMessageId(), this, opts.onChunk);
    if (this.state !== 'connected' && this.state !== 'reconnecting') {
      st.fail(new ChatError('disconnected', 'Sin conexión'));
      return st;
    }
    this.streams.add(st);
    var forget = function () { self.streams.delete(st); };
    st.then(forget, forget);
    var payload = { message: message, client_message_id: st.clientMessageId };
    if (opts.conversationId) payload.conversation_id = opts.conversationId;
    this.socket.emitWithAck('send_message', payload).then(function (ack) {
      if (!ack.ok) return st.fail(new ChatError(ack.error.code, ack.error.message, ack.error.retry_after));
      st.start(ack.message_id, ack.conversation_id);
    }, function (err) { st.fail(fromSocketError(err)); });
    return st;
  };

  ChatClient.prototype.stop = function (messageId) {
    return this.socket.emitWithAck('stop_generation', messageId ? { message_id: messageId } : {})
      .catch(function (err) { throw fromSocketError(err); });
  };

  ChatClient.prototype.history = function (opts) {
    opts = opts || {};
    var payload = {};
    if (opts.limit) payload.limit = opts.limit;
    if (opts.conversationId) payload.conversation_id = opts.conversationId;
    return this.socket.emitWithAck('get_history', payload).then(function (ack) {
      if (ack.error) throw new ChatError(ack.error.code, ack.error.message);
      return ack.messages;
    }, function (err) { throw fromSocketError(err); });
  };

  ChatClient.prototype.typing = function (isTyping) {
    // Volatile: the server never acknowledges typing, so it must bypass the retry queue.
    this.socket.volatile.emit('typing', { is_typing: isTyping });
  };

  /** After a reconnect that lost the session: settle the answers that ended meanwhile. */
  ChatClient.prototype.resync = function () {
    var self = this;
    this.streams.forEach(function (st) {
      if (!st.id || st.settled) return;
      self.history({ limit: 50, conversationId: st.conversationId }).then(function (messages) {
        var at = messages.findIndex(function (m) { return m.id === st.id; });
        if (at < 0) return; // still streaming: its final message reaches this connection
        var answer = messages[at];
        if (answer.finish_reason === 'error') {
          return st.fail(new ChatError('assistant_unavailable', 'La respuesta falló'));
        }
        var question = messages.slice(0, at).reverse().find(function (m) { return m.role === 'user'; });
        st.finish({
          message_id: answer.id, user_message_id: question ? question.id : '',
          conversation_id: answer.conversation_id, response: answer.content,
          sentiment: question && question.sentiment, model: '',
          finish_reason: answer.finish_reason || 'stop', timestamp: answer.timestamp,
        });
      }, function (err) { st.fail(err); });
    });
  };

  global.ChatSdk = { ChatClient: ChatClient, ChatError: ChatError };
})(window);
`;
