// Some URLs name an id the page learns only at run time (a demo run's). Templates render
// them with 0 in the id's place, e.g. data-run-url-template="{% url 'demos:run' 0 %}"
// (/api/runs/0), and the page's module puts the real id there.

export const PLACEHOLDER = "0";

/** The template URL with its (last) placeholder path segment replaced by id. */
export function fillUrl(template, id) {
  const segments = template.split("/");
  const at = segments.lastIndexOf(PLACEHOLDER);
  if (at === -1) throw new Error(`No /${PLACEHOLDER}/ segment to fill in ${template}`);
  segments[at] = encodeURIComponent(String(id));
  return segments.join("/");
}
