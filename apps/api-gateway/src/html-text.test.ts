import { describe, expect, it } from "vitest";
import { htmlToText } from "./html-text.js";

describe("htmlToText", () => {
  it("keeps the text, drops scripts, styles and comments, decodes entities", () => {
    const html =
      "<html><head><title>T &amp; C</title><script>var x = '<p>no</p>';</script></head><body>" +
      "<!-- hidden --><h1>Terms</h1><p>Price: &lt;10&euro; &#x41;&#66; &#0; &bogus;</p><p>a < b and c > d</p>" +
      "<STYLE>p { color: red }</STYLE><noscript>enable js</noscript><p>Bye&nbsp;&nbsp;now</p></body></html>";
    expect(htmlToText(html)).toBe(
      "T & C\n\nTerms\nPrice: <10&euro; AB \uFFFD &bogus;\na < b and c > d\nBye now",
    );
  });

  it("drops everything after an unclosed script instead of showing code", () => {
    expect(htmlToText("<p>before</p><script>steal(document.cookie)")).toBe("before");
  });

  // Quadratic work on this input would take minutes and trip the test timeout; its speed is not asserted.
  it("gets through hostile markup", () => {
    const hostile = "<script".repeat(100_000) + "<a ".repeat(100_000) + "<!--".repeat(100_000);
    expect(htmlToText(hostile)).toBe("");
    expect(typeof htmlToText("<".repeat(300_000))).toBe("string");
  });
});
