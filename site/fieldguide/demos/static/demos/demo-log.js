// A demo's output box: coloured text appended as it streams in, kept scrolled to the end
// unless the learner scrolled up to read.
import { ansiSegments, PLAIN } from "./ansi.js";

/** Append segments (from ansiSegments) to parent: plain text, or spans with their classes. */
export function appendSegments(parent, segments) {
  for (const { text, classes } of segments) {
    if (classes.length === 0) {
      parent.append(text);
    } else {
      const span = document.createElement("span");
      span.className = classes.join(" ");
      span.textContent = text;
      parent.append(span);
    }
  }
}

export class DemoLog {
  constructor(element) {
    this.element = element;
    this.style = PLAIN;
  }

  clear() {
    this.element.textContent = "";
    this.element.hidden = false;
    this.style = PLAIN;
  }

  append(text) {
    const box = this.element;
    const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    const { segments, style } = ansiSegments(text, this.style);
    this.style = style;
    appendSegments(box, segments);
    if (atBottom) box.scrollTop = box.scrollHeight;
  }
}
