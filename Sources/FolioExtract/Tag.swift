/// An element name, as one small number.
///
/// Only the names some stage of extraction tells apart have a case; every other element is
/// `other` (its name is never written: unknown elements are replaced by their content).
/// Comparing and classifying tags is then an integer test instead of a string comparison.
enum Tag: UInt8, CaseIterable {
    /// A text node.
    case text
    /// The synthetic root of a document that has no single `html` element.
    case root
    /// Any element without a case of its own.
    case other
    case a, abbr, address, applet, area, article, aside, audio, b, base, blockquote, body, br, button, canvas
    case caption, center, cite, code, dd, del, details, dfn, dialog, div, dl, dt, em, embed, fieldset, figcaption
    case figure, font, footer, form, frame, frameset, h1, h2, h3, h4, h5, h6, head, header, hgroup, hr, html, i
    case iframe, img, input, ins, kbd, li, link, main, map, mark, math, meta, nav, noscript, object, ol, optgroup
    case option, p, param, picture, portal, pre, q, s, samp, script, section, select, small, source, span, strong
    case style, sub, summary, sup, svg, table, tbody, td, template, textarea, tfoot, th, thead, time, title, tr
    case track, u, ul, `var`, video

    /// The tag of the lower-cased element name `name`.
    init(name: String) {
        self = Tag.byName[name] ?? .other
    }

    /// The element name (lower case) as UTF-8; meaningful for named cases only.
    var name: [UInt8] { Tag.names[Int(rawValue)] }

    private static let names: [[UInt8]] = allCases.map { Array("\($0)".utf8) }

    private static let byName: [String: Tag] = Dictionary(
        uniqueKeysWithValues: allCases.filter { $0.rawValue > Tag.other.rawValue }.map { ("\($0)", $0) }
    )

    /// Whether the element starts a new block of text.
    var isBlock: Bool {
        switch self {
        case .address, .article, .aside, .blockquote, .body, .center, .dd, .details, .dialog, .div, .dl, .dt,
             .fieldset, .figcaption, .figure, .footer, .form, .h1, .h2, .h3, .h4, .h5, .h6, .header, .hgroup, .hr,
             .html, .li, .main, .nav, .ol, .p, .pre, .section, .summary, .table, .tbody, .td, .tfoot, .th, .thead,
             .tr, .ul:
            true
        default:
            false
        }
    }

    /// Whether the element is a heading, `h1` to `h6`.
    var isHeading: Bool {
        switch self {
        case .h1, .h2, .h3, .h4, .h5, .h6: true
        default: false
        }
    }
}

/// The attributes some stage of extraction reads; the parser keeps no others.
enum AttributeName: String, CaseIterable {
    case id, `class`, style, role, hidden, ariaHidden = "aria-hidden", itemprop, lang, content, property, name
    case httpEquiv = "http-equiv", rel, href, src, srcset, dataSrc = "data-src", dataLazySrc = "data-lazy-src"
    case dataOriginal = "data-original", dataSrcset = "data-srcset", dataURL = "data-url", alt, title, width, height
    case colspan, rowspan, scope, datetime, start, reversed, cite
}
