/**
 * The demo chat page. A string constant, so the build copies no assets; no framework and no
 * external resources (the client SDK's bundle and the page's script come from this service).
 */
const DEV_TOKENS_FLAG = 'data-dev-tokens="false"';
const SDK_SCRIPT = '<script src="/demo/chat-sdk.js"></script>';

export const DEMO_PAGE_HTML = `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Asistente financiero · Demo</title>
<style>
  :root {
    --bg: #f3f5f8; --surface: #fff; --text: #1a1f24; --muted: #4a5561; --line: #cfd6de;
    --primary: #0b57a4; --primary-dark: #083f77; --danger: #a4262c; --danger-dark: #7d1c21;
    --user: #e5eefa; --focus: #1a1f24;
    font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
    color: var(--text); background: var(--bg); line-height: 1.45;
  }
  * { box-sizing: border-box; }
  /* Elements styled with a display must still disappear when hidden. */
  [hidden] { display: none !important; }
  body { margin: 0; }
  .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .skip { position: absolute; left: -999px; top: 0; background: var(--surface); padding: .5rem 1rem; }
  .skip:focus { left: .5rem; top: .5rem; z-index: 10; }
  header { background: var(--primary-dark); color: #fff; padding: .75rem 1rem; }
  header h1 { margin: 0; font-size: 1.2rem; }
  header p { margin: .15rem 0 0; font-size: .85rem; color: #e3ecf7; }
  main { max-width: 1100px; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; align-items: start;
    grid-template-columns: minmax(260px, 320px) minmax(0, 1fr); grid-template-rows: auto 1fr;
    grid-template-areas: "session chat" "summary chat"; }
  /* On a phone the chat comes right after the (compact, once connected) session. */
  @media (max-width: 760px) {
    main { grid-template-columns: minmax(0, 1fr); grid-template-rows: none; padding: .75rem;
      grid-template-areas: "session" "chat" "summary"; }
  }
  section { background: var(--surface); border: 1px solid var(--line); border-radius: 10px; padding: 1rem; }
  .session { grid-area: session; } .chat { grid-area: chat; } .summary { grid-area: summary; }
  h2 { font-size: 1.05rem; margin: 0 0 .75rem; }
  label { display: block; font-weight: 600; margin: .5rem 0 .25rem; }
  input, textarea, select { width: 100%; font: inherit; color: var(--text); background: #fff;
    border: 1px solid #7b8794; border-radius: 6px; padding: .5rem .6rem; }
  textarea { resize: vertical; }
  button { font: inherit; font-weight: 600; border-radius: 6px; padding: .5rem .9rem; cursor: pointer;
    border: 1px solid var(--primary); background: var(--primary); color: #fff; min-height: 2.5rem; }
  button:not(:disabled):hover { background: var(--primary-dark); }
  button.secondary { background: #fff; color: var(--primary); }
  button.secondary:not(:disabled):hover { background: var(--user); }
  button.danger { background: var(--danger); border-color: var(--danger); }
  button.danger:not(:disabled):hover { background: var(--danger-dark); }
  button:disabled, button.danger:disabled, button.secondary:disabled {
    background: #e9ecef; border-color: #adb5bd; color: #495057; cursor: not-allowed; }
  :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
  .row { display: flex; gap: .5rem; flex-wrap: wrap; margin-top: .6rem; }
  .hint { color: var(--muted); font-size: .85rem; margin: .35rem 0 0; }
  .divider { border: 0; border-top: 1px solid var(--line); margin: 1rem 0; }
  #status { margin: .75rem 0 0; font-weight: 600; }
  #status[data-kind="ok"] { color: #1e5e2e; }
  #status[data-kind="error"] { color: var(--danger); }
  .chat { display: flex; flex-direction: column; gap: .75rem; min-width: 0; }
  .chat-head { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; }
  .chat-head > div { flex: 1 1 200px; min-width: 0; }
  /* Positioned, so the visually hidden labels inside stay within its scroll area. */
  #messages { position: relative; height: clamp(260px, calc(100vh - 450px), 620px); overflow-y: auto; border: 1px solid var(--line); border-radius: 8px;
    padding: .75rem; background: #fafbfc; display: flex; flex-direction: column; gap: .75rem; }
  .empty { color: var(--muted); margin: auto; text-align: center; }
  .msg { max-width: 88%; }
  .msg.user { align-self: flex-end; }
  .msg .who { font-size: .78rem; color: var(--muted); margin-bottom: .15rem; }
  .msg.user .who { text-align: right; }
  .bubble { white-space: pre-wrap; overflow-wrap: anywhere; padding: .6rem .8rem; border-radius: 10px;
    border: 1px solid var(--line); background: #fff; margin: 0; }
  .msg.user .bubble { background: var(--user); border-color: #b9cde8; }
  .meta { display: flex; gap: .35rem; flex-wrap: wrap; margin-top: .3rem; font-size: .8rem; }
  .msg.user .meta { justify-content: flex-end; }
  .sources { display: flex; gap: .5rem; flex-wrap: wrap; margin-top: .25rem; font-size: .75rem; color: #4a5560; }
  .sources .source { text-decoration: none; color: inherit; border-bottom: 1px dotted; }
  .chip { border-radius: 999px; padding: .1rem .55rem; border: 1px solid; font-weight: 600; }
  .chip.positive { background: #e6f4ea; color: #1e5e2e; border-color: #9bcfa9; }
  .chip.negative { background: #fdecea; color: #8a1c1c; border-color: #f0a9a4; }
  .chip.neutral { background: #eef0f2; color: #39424c; border-color: #c3cad2; }
  .chip.stopped, .chip.error, .chip.length { background: #fff4e0; color: #6b4200; border-color: #e5b567; }
  .disclaimer { margin: .3rem 0 0; font-size: .78rem; color: #4a5560; font-style: italic; }
  .feedback { display: inline-flex; gap: .2rem; margin-left: auto; }
  .thumb { border: 1px solid #c3cad2; background: #fff; border-radius: 999px; padding: .05rem .45rem;
    cursor: pointer; font-size: .85rem; line-height: 1.4; }
  .thumb[aria-pressed="true"] { background: #e3ecf8; border-color: #6b8fc4; }
  .thumb:focus-visible { outline: 2px solid #1f5fbf; outline-offset: 1px; }
  #typing { min-height: 1.4rem; margin: 0; color: var(--muted); font-style: italic; }
  .dots::after { content: ""; animation: dots 1.2s steps(4) infinite; }
  @keyframes dots { 0% { content: ""; } 25% { content: "."; } 50% { content: ".."; } 75% { content: "..."; } }
  @media (prefers-reduced-motion: reduce) { .dots::after { animation: none; content: "..."; } }
  .composer .row { justify-content: flex-end; }
  #summary-panel dl { display: grid; grid-template-columns: auto 1fr; gap: .3rem .75rem; margin: .75rem 0 0; }
  #summary-panel dt { font-weight: 600; }
  #summary-panel dd { margin: 0; }
  #summary-text { margin: .75rem 0 0; }
  /* Last, so these win over the wide-screen rules above. */
  @media (max-width: 760px) {
    section { padding: .85rem; }
    #messages { height: 55vh; min-height: 240px; padding: .5rem; }
    .msg { max-width: 100%; } .msg.user { max-width: 90%; }
  }
</style>
</head>
<body ${DEV_TOKENS_FLAG}>
<a class="skip" href="#message">Saltar al mensaje</a>
<header>
  <h1>Asistente financiero</h1>
  <p>Demo del servicio de chat: respuestas en vivo sobre el mercado argentino.</p>
</header>
<main>
  <section class="session" aria-labelledby="session-title">
    <h2 id="session-title">Sesión</h2>
    <form id="dev-form" hidden>
      <label for="user-id">ID de usuario</label>
      <input id="user-id" name="user_id" autocomplete="off" value="demo-usuario" required maxlength="128">
      <div class="row"><button type="submit">Generar token de desarrollo</button></div>
      <p class="hint">Solo en desarrollo: firma un token de una hora para este usuario.</p>
      <hr class="divider">
    </form>
    <form id="token-form">
      <label for="token">Token JWT</label>
      <textarea id="token" rows="3" autocomplete="off" spellcheck="false" required
        aria-describedby="token-hint"></textarea>
      <p id="token-hint" class="hint">Pegá el token que emite el backend de la app.</p>
      <div class="row"><button type="submit" id="connect">Conectar</button></div>
    </form>
    <p id="status" role="status">Desconectado</p>
    <p id="usage" class="hint" aria-live="polite" hidden></p>
    <div class="row" id="session-actions" hidden>
      <button type="button" id="disconnect" class="secondary">Desconectar</button>
    </div>
  </section>
  <section class="chat" aria-labelledby="chat-title">
    <h2 id="chat-title" class="sr-only">Chat</h2>
    <div class="chat-head">
      <div>
        <label for="conversation">Conversación</label>
        <select id="conversation" disabled><option value="">Nueva conversación</option></select>
      </div>
      <button type="button" id="new-conversation" class="secondary" disabled>Nueva conversación</button>
    </div>
    <div id="messages" role="log" aria-live="polite" aria-label="Mensajes de la conversación" tabindex="0">
      <p class="empty">Conectate para empezar a chatear.</p>
    </div>
    <p id="typing" aria-live="polite"></p>
    <form id="composer" class="composer">
      <label for="message">Tu mensaje</label>
      <textarea id="message" rows="3" maxlength="4000" required disabled
        aria-describedby="message-hint" placeholder="Por ejemplo: ¿Qué es un CEDEAR?"></textarea>
      <p id="message-hint" class="hint">Enter envía · Shift+Enter agrega una línea · Esc detiene la respuesta.</p>
      <div class="row">
        <button type="button" id="stop" class="danger" disabled>Detener</button>
        <button type="submit" id="send" disabled>Enviar</button>
      </div>
    </form>
  </section>
  <section class="summary" aria-labelledby="summary-title">
    <h2 id="summary-title">Resumen</h2>
    <button type="button" id="summary-toggle" class="secondary" aria-expanded="false"
      aria-controls="summary-panel" disabled>Ver resumen</button>
    <div id="summary-panel" hidden aria-live="polite">
      <p id="summary-text"></p>
      <dl id="summary-stats"></dl>
    </div>
  </section>
</main>
${SDK_SCRIPT}
<script src="/demo/app.js"></script>
</body>
</html>
`;

/**
 * The page, telling its script whether `POST /api/dev/token` is there to mint tokens, and
 * loading the client SDK from `sdkUrl` (content-hashed once built).
 */
export function renderDemoPage(opts: { devTokens: boolean; sdkUrl: string }): string {
  return DEMO_PAGE_HTML.replace(
    DEV_TOKENS_FLAG,
    `data-dev-tokens="${String(opts.devTokens)}"`,
  ).replace(SDK_SCRIPT, `<script src="${opts.sdkUrl}"></script>`);
}
