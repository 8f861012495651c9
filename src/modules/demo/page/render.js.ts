/**
 * Rendering helpers and Spanish wording of the demo page, concatenated into the page script's
 * scope by app.js.ts. They build DOM nodes with textContent only: server text is never HTML.
 */
export const DEMO_RENDER_JS = String.raw`
  var SENTIMENT = {
    positive: ['😊', 'Positivo'], negative: ['😟', 'Negativo'], neutral: ['😐', 'Neutral'],
  };
  var FINISH = {
    stopped: 'Respuesta detenida', error: 'Respuesta incompleta', length: 'Respuesta cortada',
  };
  var TREND = { improving: 'mejorando', worsening: 'empeorando', stable: 'estable' };
  var time = new Intl.DateTimeFormat('es-AR', { hour: '2-digit', minute: '2-digit' });
  var date = new Intl.DateTimeFormat('es-AR', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
  var number = new Intl.NumberFormat('es-AR');

  function node(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }
  function errorText(err) {
    var code = err && err.code;
    if (code === 'unauthorized') return 'El token no es válido o venció.';
    if (code === 'rate_limited') return 'Demasiados mensajes: esperá ' + (err.retryAfter || 60) + ' s.';
    if (code === 'quota_exceeded') return 'Alcanzaste el límite diario de uso del asistente. Vas a poder seguir después de la medianoche (UTC).';
    if (code === 'busy') return 'Ya hay una respuesta en curso: esperala o detenela.';
    if (code === 'disconnected') return 'Sin conexión con el servidor.';
    if (code === 'timeout') return 'El servidor no respondió a tiempo.';
    if (code === 'not_found') return 'No se encontró la conversación.';
    if (code === 'invalid_input') return 'Revisá el mensaje: ' + err.message;
    if (code === 'assistant_unavailable') return 'El asistente no está disponible. Probá en unos minutos.';
    return 'Ocurrió un error inesperado.';
  }
  function sentimentChip(s) {
    var info = SENTIMENT[s.label] || SENTIMENT.neutral;
    var chip = node('span', 'chip ' + s.label);
    chip.appendChild(node('span', 'sr-only', 'Sentimiento: '));
    var emoji = node('span', '', info[0] + ' ');
    emoji.setAttribute('aria-hidden', 'true');
    chip.appendChild(emoji);
    chip.appendChild(document.createTextNode(info[1]));
    chip.title = 'Puntaje ' + s.score.toFixed(2) + ' · confianza ' + Math.round(s.confidence * 100) + '%';
    return chip;
  }
  var asOfFormat = new Intl.DateTimeFormat('es-AR', {
    timeZone: 'America/Argentina/Buenos_Aires', day: '2-digit', month: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  /** "04/12 12:00" for a timestamp, "03/12" for a date as the source gives it. */
  function asOfText(asOf) {
    var day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
    if (day) return day[3] + '/' + day[2];
    var t = Date.parse(asOf);
    return isNaN(t) ? asOf : asOfFormat.format(new Date(t)).replace(',', '');
  }
  /** Under an answer: each source of its figures with its as-of ("DolarApi · 04/12 12:00"). */
  function sourcesLine(sources, figures) {
    var seen = {};
    var line = node('div', 'sources');
    (sources || []).forEach(function (s) {
      var text = s.name + ' · ' + asOfText(s.as_of);
      if (seen[text]) return;
      seen[text] = true;
      var item = /^https?:\/\//.test(s.url || '') ? node('a', 'source', text) : node('span', 'source', text);
      if (item.tagName === 'A') { item.href = s.url; item.target = '_blank'; item.rel = 'noopener noreferrer'; }
      line.appendChild(item);
    });
    if (figures && figures.unverified > 0) {
      line.appendChild(node('span', 'chip length', figures.unverified === 1
        ? '1 cifra sin verificar' : figures.unverified + ' cifras sin verificar'));
    }
    return line.childNodes.length ? line : null;
  }
  function finishChip(reason) {
    return FINISH[reason] ? node('span', 'chip ' + reason, FINISH[reason]) : null;
  }
`;
