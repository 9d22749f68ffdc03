// 朗读: reads a notice's title and body aloud in Mandarin with the browser's
// speech synthesis, one sentence at a time, highlighting the sentence being
// read (CSS Custom Highlight API, where the browser has it). The control is
// in the page hidden; it shows only where the browser has a Chinese voice.
//
//   const r = await import('/_gongshi/read_aloud.<hash>.js');
//   r.enhance(document.querySelector('[data-gs-read-aloud]'));

const HIGHLIGHT = 'gs-read-aloud';
// A sentence ends at these, or at the end of a block (heading, paragraph,
// list item, table cell).
const SENTENCE_END = /[。！？；!?;]/;
const BLOCKS = 'h1, h2, h3, h4, p, li, td, th, caption, figcaption, dd, dt';

/** The first Chinese voice, waiting for the list where it loads late. */
function chineseVoice(synth) {
  const pick = () => synth.getVoices().find((v) => /^zh|^cmn/i.test(v.lang)) ?? null;
  const now = pick();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => resolve(pick());
    synth.addEventListener?.('voiceschanged', done, { once: true });
    setTimeout(done, 1500);
  });
}

/**
 * The sentences of `roots`, in reading order: each its text and, to
 * highlight it, the DOM ranges it covers (a sentence may span several text
 * nodes, e.g. across a link).
 */
export function sentences(roots) {
  const out = [];
  for (const root of roots) {
    const blocks = root.matches(BLOCKS) ? [root] : [...root.querySelectorAll(BLOCKS)];
    for (const block of blocks) {
      // A block inside another block is read as part of the outer one.
      if (block !== root && block.parentElement.closest(BLOCKS)) continue;
      let text = '';
      let ranges = [];
      const flush = () => {
        if (text.trim()) out.push({ text: text.trim(), ranges });
        text = '';
        ranges = [];
      };
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const value = node.nodeValue;
        let start = 0;
        for (let i = 0; i < value.length; i++) {
          if (SENTENCE_END.test(value[i])) {
            text += value.slice(start, i + 1);
            ranges.push(rangeOf(node, start, i + 1));
            flush();
            start = i + 1;
          }
        }
        if (start < value.length) {
          text += value.slice(start);
          ranges.push(rangeOf(node, start, value.length));
        }
      }
      flush();
    }
  }
  return out;
}

function rangeOf(node, start, end) {
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  return range;
}

/** Makes a `[data-gs-read-aloud]` control work, and shows it when it can. */
export async function enhance(control, synth = window.speechSynthesis) {
  if (!control || !synth || typeof SpeechSynthesisUtterance === 'undefined') return false;
  const voice = await chineseVoice(synth);
  if (!voice) return false;
  const article = control.closest('article') ?? document;
  const roots = [article.querySelector('h1'), article.querySelector('.notice-body')].filter(Boolean);
  const play = control.querySelector('[data-action=play]');
  const pause = control.querySelector('[data-action=pause]');
  const stop = control.querySelector('[data-action=stop]');
  const status = control.querySelector('[role=status]');
  const highlights = typeof CSS !== 'undefined' && CSS.highlights ? CSS.highlights : null;
  let state = 'stopped';

  const show = (next, message) => {
    state = next;
    play.hidden = state === 'playing';
    pause.hidden = state !== 'playing';
    stop.disabled = state === 'stopped';
    play.textContent = state === 'paused' ? '继续' : '朗读';
    status.textContent = message;
  };
  const mark = (ranges) => {
    if (!highlights) return;
    if (ranges.length) highlights.set(HIGHLIGHT, new Highlight(...ranges));
    else highlights.delete(HIGHLIGHT);
  };
  const finish = () => {
    mark([]);
    show('stopped', '');
  };

  play.addEventListener('click', () => {
    if (state === 'paused') {
      synth.resume();
      show('playing', '正在朗读');
      return;
    }
    synth.cancel();
    const list = sentences(roots);
    if (!list.length) return;
    show('playing', '正在朗读');
    list.forEach((s, i) => {
      const u = new SpeechSynthesisUtterance(s.text);
      u.lang = voice.lang;
      u.voice = voice;
      u.rate = 0.9; // a little slower than the default, for elderly listeners
      u.onstart = () => mark(s.ranges);
      if (i === list.length - 1) u.onend = finish;
      u.onerror = (e) => {
        if (e.error !== 'interrupted' && e.error !== 'canceled') finish();
      };
      synth.speak(u);
    });
  });
  pause.addEventListener('click', () => {
    synth.pause();
    show('paused', '已暂停');
  });
  stop.addEventListener('click', () => {
    synth.cancel();
    finish();
  });
  // Leaving the page stops the voice (browsers keep speaking otherwise).
  window.addEventListener('pagehide', () => synth.cancel());
  show('stopped', '');
  control.hidden = false;
  return true;
}
