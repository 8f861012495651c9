import { DEMO_RENDER_JS } from './render.js';
import { DEMO_TRUST_JS } from './trust.js';

/**
 * The demo page's script: the page logic on top of the client SDK's bundle (`window.ChatSdk`,
 * loaded before it), sharing one scope with the rendering helpers (render.js.ts). Every text from
 * the server is written with textContent, never as HTML.
 */
const DEMO_UI_JS = String.raw`
  var $ = function (id) { return document.getElementById(id); };
  var el = {
    devForm: $('dev-form'), userId: $('user-id'), tokenForm: $('token-form'), token: $('token'),
    connect: $('connect'), disconnect: $('disconnect'), status: $('status'),
    sessionActions: $('session-actions'),
    conversation: $('conversation'), newConversation: $('new-conversation'),
    messages: $('messages'), typing: $('typing'), composer: $('composer'), message: $('message'),
    send: $('send'), stop: $('stop'), summaryToggle: $('summary-toggle'),
    summaryPanel: $('summary-panel'), summaryText: $('summary-text'), summaryStats: $('summary-stats'),
    usage: $('usage'),
  };
  var KEY_TOKEN = 'demo.token';
  var KEY_CONVERSATION = 'demo.conversation';
  var state = { client: null, userId: null, conversationId: null, streaming: null, typingTimer: null };

  function setStatus(text, kind) {
    el.status.textContent = text;
    el.status.dataset.kind = kind || '';
  }
  var devTokens = document.body.dataset.devTokens === 'true';
  /** Connected, the sign-in forms fold away so the chat comes first (on a phone too). */
  function setEnabled(connected) {
    [el.message, el.send, el.conversation, el.newConversation, el.summaryToggle]
      .forEach(function (c) { c.disabled = !connected; });
    el.tokenForm.hidden = connected;
    el.devForm.hidden = connected || !devTokens;
    el.sessionActions.hidden = !connected;
    el.stop.disabled = !state.streaming;
  }
  function scrollDown() { el.messages.scrollTop = el.messages.scrollHeight; }

  /** One message: { role, content, timestamp, sentiment?, finish_reason?, sources?, figures? }. */
  function renderMessage(m) {
    var item = node('article', 'msg ' + m.role);
    item.appendChild(node('div', 'who', (m.role === 'user' ? 'Vos' : 'Asistente') +
      (m.timestamp ? ' · ' + time.format(new Date(m.timestamp)) : '')));
    item.bubble = item.appendChild(node('p', 'bubble', m.content));
    item.meta = item.appendChild(node('div', 'meta'));
    if (m.sentiment) item.meta.appendChild(sentimentChip(m.sentiment));
    var chip = m.role === 'assistant' && finishChip(m.finish_reason);
    if (chip) item.meta.appendChild(chip);
    if (m.role === 'assistant' && m.id && m.content) {
      item.meta.appendChild(feedbackButtons(m.id, m.feedback && m.feedback.rating));
    }
    var sources = m.role === 'assistant' && sourcesLine(m.sources, m.figures);
    if (sources) item.appendChild(sources);
    var empty = el.messages.querySelector('.empty');
    if (empty) empty.remove();
    el.messages.appendChild(item);
    scrollDown();
    return item;
  }
  function showEmpty(text) {
    el.messages.replaceChildren(node('p', 'empty', text));
  }

  function loadConversations(selectId) {
    return state.client.history({ limit: 200 }).then(function (messages) {
      var byId = new Map();
      messages.forEach(function (m) {
        var c = byId.get(m.conversation_id) || { id: m.conversation_id, first: null, last: m.timestamp };
        if (!c.first && m.role === 'user') c.first = m.content;
        c.last = m.timestamp;
        byId.set(m.conversation_id, c);
      });
      var list = Array.from(byId.values()).sort(function (a, b) { return a.last < b.last ? 1 : -1; });
      var options = [new Option('Nueva conversación', '')];
      list.forEach(function (c) {
        var title = (c.first || 'Conversación').replace(/\s+/g, ' ');
        if (title.length > 42) title = title.slice(0, 41) + '…';
        options.push(new Option(title + ' · ' + date.format(new Date(c.last)), c.id));
      });
      el.conversation.replaceChildren.apply(el.conversation, options);
      var chosen = byId.has(selectId) ? selectId : list.length ? list[0].id : '';
      el.conversation.value = chosen;
      return chosen;
    });
  }
  function openConversation(id) {
    state.conversationId = id || null;
    if (id) sessionStorage.setItem(KEY_CONVERSATION, id);
    else sessionStorage.removeItem(KEY_CONVERSATION);
    if (!id) { showEmpty('Nueva conversación: escribí tu primera pregunta.'); return Promise.resolve(); }
    el.messages.setAttribute('aria-busy', 'true');
    return state.client.history({ limit: 200, conversationId: id }).then(function (messages) {
      el.messages.replaceChildren();
      messages.forEach(renderMessage);
      if (!messages.length) showEmpty('Esta conversación no tiene mensajes.');
    }).catch(function (err) { setStatus(errorText(err), 'error'); })
      .finally(function () { el.messages.removeAttribute('aria-busy'); });
  }

  function connect(token) {
    if (state.client) state.client.disconnect();
    sessionStorage.setItem(KEY_TOKEN, token);
    hideSummary();
    var client = new window.ChatSdk.ChatClient({
      url: location.origin,
      token: function () { return sessionStorage.getItem(KEY_TOKEN) || token; },
    });
    state.client = client;
    setStatus('Conectando…');
    client.on('connection_state', function (s) {
      if (client !== state.client) return;
      if (s.state === 'reconnecting') setStatus('Reconectando…');
      if (s.state === 'connected' && state.userId) setStatus('Conectado como ' + state.userId, 'ok');
      if (s.state === 'disconnected') { setStatus('Desconectado'); setEnabled(false); el.token.focus(); }
    });
    client.on('typing', function (t) {
      if (!t.is_typing) { el.typing.replaceChildren(); return; }
      var text = t.actor === 'assistant' ? 'El asistente está escribiendo' : 'Estás escribiendo en otro dispositivo';
      el.typing.replaceChildren(node('span', 'dots', text));
    });
    client.on('tool_status', function (t) {
      if (t.status === 'started') el.typing.replaceChildren(node('span', 'dots', 'Buscando datos de mercado'));
    });
    client.on('message', function (m) {
      // An answer asked from another device of this user, in the conversation on screen.
      if (state.streaming || m.conversation_id !== state.conversationId) return;
      openConversation(state.conversationId);
    });
    return client.connect().then(function (hello) {
      state.userId = hello.user_id;
      setStatus('Conectado como ' + hello.user_id, 'ok');
      setEnabled(true);
      refreshUsage();
      return loadConversations(sessionStorage.getItem(KEY_CONVERSATION));
    }).then(function (id) {
      return openConversation(id);
    }).then(function () { el.message.focus(); }).catch(function (err) {
      if (err && err.code === 'unauthorized') sessionStorage.removeItem(KEY_TOKEN);
      setStatus(errorText(err), 'error');
      setEnabled(false);
    });
  }

  function send() {
    var text = el.message.value.trim();
    if (!text || state.streaming || !state.client) return;
    var question = renderMessage({ role: 'user', content: text, timestamp: new Date().toISOString() });
    var answer = renderMessage({ role: 'assistant', content: '', timestamp: new Date().toISOString() });
    answer.classList.add('streaming');
    answer.setAttribute('aria-busy', 'true');
    el.message.value = '';
    stopTyping();
    var stream = state.client.sendMessage(text, {
      conversationId: state.conversationId,
      onChunk: function (delta) { answer.bubble.textContent += delta; scrollDown(); },
    });
    state.streaming = stream;
    el.stop.disabled = false;
    el.send.disabled = true;
    stream.then(function (reply) {
      answer.bubble.textContent = reply.response;
      answer.dataset.finish = reply.finish_reason;
      if (reply.sentiment) question.meta.appendChild(sentimentChip(reply.sentiment));
      var chip = finishChip(reply.finish_reason);
      if (chip) answer.meta.appendChild(chip);
      if (reply.disclaimer) answer.insertBefore(disclaimerNote(reply.disclaimer), answer.meta);
      if (reply.response) answer.meta.appendChild(feedbackButtons(reply.message_id));
      var sources = sourcesLine(reply.sources, reply.figures);
      if (sources) answer.appendChild(sources);
      var isNew = reply.conversation_id !== state.conversationId;
      state.conversationId = reply.conversation_id;
      sessionStorage.setItem(KEY_CONVERSATION, reply.conversation_id);
      if (isNew) return loadConversations(reply.conversation_id);
    }, function (err) {
      answer.meta.appendChild(node('span', 'chip error', 'Sin respuesta'));
      if (!answer.bubble.textContent) answer.bubble.textContent = errorText(err);
      setStatus(errorText(err), 'error');
    }).finally(function () {
      refreshUsage();
      state.streaming = null;
      answer.classList.remove('streaming');
      answer.removeAttribute('aria-busy');
      answer.dataset.state = 'done';
      el.typing.replaceChildren();
      el.stop.disabled = true;
      el.send.disabled = !state.client;
      scrollDown();
      el.message.focus();
    });
  }
  function stop() {
    if (!state.streaming) return;
    el.stop.disabled = true;
    state.streaming.stop().catch(function (err) { setStatus(errorText(err), 'error'); });
  }
  function stopTyping() {
    clearTimeout(state.typingTimer);
    if (state.typingTimer && state.client) state.client.typing(false);
    state.typingTimer = null;
  }

  /** Today's token use and what is left of the daily budget, when the service sets one. */
  function refreshUsage() {
    if (!state.userId) return;
    fetch('/api/chat/usage/' + encodeURIComponent(state.userId), {
      headers: { authorization: 'Bearer ' + sessionStorage.getItem(KEY_TOKEN) },
    }).then(function (res) { return res.ok ? res.json() : null; }).then(function (u) {
      if (!u) return;
      var used = number.format(u.tokens_used);
      el.usage.textContent = u.tokens_limit === null
        ? 'Uso de hoy: ' + used + ' tokens (sin límite diario).'
        : 'Uso de hoy: ' + used + ' de ' + number.format(u.tokens_limit) + ' tokens · quedan ' +
          number.format(Math.max(0, u.tokens_limit - u.tokens_used)) + '.';
      el.usage.hidden = false;
    }).catch(function () { el.usage.hidden = true; });
  }

  function hideSummary() {
    el.summaryPanel.hidden = true;
    el.summaryToggle.setAttribute('aria-expanded', 'false');
    el.summaryToggle.textContent = 'Ver resumen';
  }
  function showSummary() {
    if (el.summaryToggle.getAttribute('aria-expanded') === 'true') return hideSummary();
    el.summaryToggle.disabled = true;
    fetch('/api/chat/summary/' + encodeURIComponent(state.userId), {
      headers: { authorization: 'Bearer ' + sessionStorage.getItem(KEY_TOKEN) },
    }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw Object.assign(new Error(body.message), { code: body.code });
        return body;
      });
    }).then(function (s) {
      el.summaryText.textContent = s.summary;
      var d = s.sentiment.distribution;
      var rows = [
        ['Mensajes', String(s.message_count)],
        ['Temas', s.topics.join(', ') || '—'],
        ['Tickers', s.tickers.join(', ') || '—'],
        ['Ánimo', s.sentiment.average.toFixed(2) + ' (' + (TREND[s.sentiment.trend] || s.sentiment.trend) + ')'],
        ['Sentimientos', '😊 ' + d.positive + ' · 😐 ' + d.neutral + ' · 😟 ' + d.negative],
      ];
      el.summaryStats.replaceChildren();
      rows.forEach(function (r) {
        el.summaryStats.appendChild(node('dt', '', r[0]));
        el.summaryStats.appendChild(node('dd', '', r[1]));
      });
      el.summaryPanel.hidden = false;
      el.summaryToggle.setAttribute('aria-expanded', 'true');
      el.summaryToggle.textContent = 'Ocultar resumen';
    }).catch(function (err) { setStatus(errorText(err), 'error'); })
      .finally(function () { el.summaryToggle.disabled = !state.client; });
  }

  el.devForm.addEventListener('submit', function (e) {
    e.preventDefault();
    setStatus('Generando token…');
    fetch('/api/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: el.userId.value.trim() }),
    }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw Object.assign(new Error(body.message), { code: body.code });
        el.token.value = body.token;
        return connect(body.token);
      });
    }).catch(function (err) { setStatus(errorText(err), 'error'); });
  });
  el.tokenForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var token = el.token.value.trim();
    if (token) connect(token);
  });
  el.disconnect.addEventListener('click', function () {
    if (state.client) state.client.disconnect();
    state.client = null;
    sessionStorage.removeItem(KEY_TOKEN);
    setStatus('Desconectado');
    setEnabled(false);
    hideSummary();
    el.usage.hidden = true;
    el.conversation.replaceChildren(new Option('Nueva conversación', ''));
    showEmpty('Conectate para empezar a chatear.');
    el.token.focus();
  });
  el.composer.addEventListener('submit', function (e) { e.preventDefault(); send(); });
  el.message.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
  });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') stop(); });
  el.message.addEventListener('input', function () {
    if (!state.client) return;
    if (!state.typingTimer) state.client.typing(true);
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(stopTyping, 1500);
  });
  el.stop.addEventListener('click', stop);
  el.conversation.addEventListener('change', function () { openConversation(el.conversation.value); });
  el.newConversation.addEventListener('click', function () {
    el.conversation.value = '';
    openConversation('');
    el.message.focus();
  });
  el.summaryToggle.addEventListener('click', showSummary);

  setEnabled(false);
  var saved = sessionStorage.getItem(KEY_TOKEN);
  if (saved) { el.token.value = saved; connect(saved); }
`;

export const DEMO_APP_JS = [
  "(function () {\n  'use strict';",
  DEMO_RENDER_JS,
  DEMO_TRUST_JS,
  DEMO_UI_JS,
  '})();',
].join('\n');
