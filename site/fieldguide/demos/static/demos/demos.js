// Demo blocks on lesson pages: each runs its allowlisted demo and shows the output live.
// Every page first stops the services the learner left behind in another tutorial.
import { postJSON } from "../core/http.js";
import { DemoBlock } from "./demo-block.js";
import { stopServicesElsewhere } from "./service-keeper.js";

stopServicesElsewhere((url) => postJSON(url, {}, { keepalive: true }));
document.querySelectorAll("section.demo[data-demo]").forEach((section, index) => {
  new DemoBlock(section, index);
});
