/**
 * The demo page's disclaimer and feedback controls, concatenated into the page script's scope by
 * app.js.ts (it uses `node`, `errorText`, `setStatus` and `KEY_TOKEN` from there). Feedback goes
 * over REST, like the summary, so it works whatever the socket is doing.
 */
export const DEMO_TRUST_JS = String.raw`
  var RATINGS = [['up', '👍', 'Me sirvió'], ['down', '👎', 'No me sirvió']];

  /** The reply's disclaimer, shown under the answer (never inside it). */
  function disclaimerNote(text) {
    var note = node('p', 'disclaimer', text);
    note.setAttribute('role', 'note');
    return note;
  }
  function showRating(box, rating) {
    box.querySelectorAll('button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.rating === rating));
    });
  }
  function sendFeedback(box, messageId, rating) {
    var buttons = box.querySelectorAll('button');
    buttons.forEach(function (b) { b.disabled = true; });
    fetch('/api/chat/feedback', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer ' + sessionStorage.getItem(KEY_TOKEN),
      },
      body: JSON.stringify({ message_id: messageId, rating: rating }),
    }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw Object.assign(new Error(body.message), { code: body.code });
        showRating(box, body.rating);
      });
    }).catch(function (err) { setStatus(errorText(err), 'error'); })
      .finally(function () { buttons.forEach(function (b) { b.disabled = false; }); });
  }
  /** Thumbs up and down on an answer; the current rating is shown pressed. */
  function feedbackButtons(messageId, current) {
    var box = node('span', 'feedback');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Tu opinión sobre esta respuesta');
    RATINGS.forEach(function (r) {
      var button = node('button', 'thumb', r[1]);
      button.type = 'button';
      button.dataset.rating = r[0];
      button.title = r[2];
      button.setAttribute('aria-label', r[2]);
      button.addEventListener('click', function () { sendFeedback(box, messageId, r[0]); });
      box.appendChild(button);
    });
    showRating(box, current);
    return box;
  }
`;
