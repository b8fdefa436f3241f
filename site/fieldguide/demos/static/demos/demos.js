// Demo blocks on lesson pages: each runs its allowlisted demo and shows the output live.
import { DemoBlock } from "./demo-block.js";

document.querySelectorAll("section.demo[data-demo]").forEach((section, index) => {
  new DemoBlock(section, index);
});
