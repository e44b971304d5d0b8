// Escaping of data for DOT: HTML-like labels, quoted tooltips, link path segments.
import Rendering
import Testing

@Suite("DOT text escaping")
struct DOTTextTests {
    /// HTML-label text turns markup characters into entities and line breaks into <BR/>.
    @Test func htmlEscapesMarkupAndLineBreaks() {
        #expect(DOTText.html(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(DOTText.html("one\ntwo\r\nthree\rfour") == "one<BR/>two<BR/>three<BR/>four")
        #expect(DOTText.html("tab\tkept, bell\u{07} and nul\u{0} dropped") == "tab\tkept, bell and nul dropped")
        #expect(DOTText.html(#"C:\N"#) == "C:\u{29F5}N")
        #expect(DOTText.html("Zoë 北京 🚀") == "Zoë 北京 🚀")
    }

    /// Quoted strings escape quotes and ampersands, keep no raw line break or backslash, and stay one DOT token.
    @Test func quotedIsOneSafeToken() {
        #expect(DOTText.quoted(#"say "hi" & bye"#) == #""say \"hi\" &amp; bye""#)
        #expect(DOTText.quoted("a\r\nb\nc") == #""a\nb\nc""#)
        #expect(DOTText.quoted(#"ends with \"#) == "\"ends with \u{29F5}\"")
        #expect(DOTText.quoted("\u{1B}[31mred") == #""[31mred""#)
    }

    /// Link segments percent-encode everything but RFC 3986 unreserved characters, as UTF-8.
    @Test func pathSegmentPercentEncodes() {
        #expect(DOTText.pathSegment("AC01-F3.a_9~") == "AC01-F3.a_9~")
        #expect(DOTText.pathSegment("a/b?c#d e") == "a%2Fb%3Fc%23d%20e")
        #expect(DOTText.pathSegment(#"javascript:alert("x")"#) == "javascript%3Aalert%28%22x%22%29")
        #expect(DOTText.pathSegment("ë") == "%C3%AB")
    }
}
