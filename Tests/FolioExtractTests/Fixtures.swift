import Foundation

/// HTML pages written for these tests.
enum Fixtures {
    /// A news page shaped like the saved-article seed example: the article, interleaved with a
    /// subscription box, a newsletter sign-up, image credits, share links and a paywall notice.
    static let seedLikePage = """
        <!DOCTYPE html>
        <html lang="en-GB"><head>
        <meta charset="utf-8">
        <title>Isis has direct links to UK terror cells | The Weekly Paper</title>
        <meta property="og:site_name" content="The Weekly Paper">
        <meta name="author" content="Jo Writer">
        </head><body>
        <header class="site-header"><a href="/">The Weekly Paper</a>
          <nav><ul><li><a href="/news">News</a></li><li><a href="/politics">Politics</a></li></ul></nav></header>
        <main><article class="article">
          <h1>Isis has direct links to UK terror cells</h1>
          <p class="strapline">Defence secretary warns of growing threat of further attacks</p>
          <div class="byline">By Jo Writer</div>
          <div class="article-body">
          <figure><img src="/images/minister.jpg" alt="The defence secretary">
            <figcaption>The minister has been visiting troops abroad <span>(Image credit: Photo credit Agency Photographer/Getty Images)</span></figcaption></figure>
          <p>British terrorist groups have direct links with the Islamic State abroad, the defence secretary has revealed, \
        in the first official confirmation of such contacts.</p>
          <p>Speaking on a visit to British troops, the minister said that the wing of the group, which is also known by \
        other names, is communicating and potentially planning attacks with cells in the UK.</p>
          <p>He also confirmed that 440 British troops were sent to the country last month to help stabilise the political \
        climate and neutralise the growing terrorist threat, following a request from allies.</p>
          <div class="kiosq-box"><p>Subscribe to The Weekly Paper</p>
            <p>Escape your echo chamber. Get the facts behind the news, plus analysis from multiple perspectives.</p>
            <a href="/subscribe">SUBSCRIBE &amp; SAVE</a></div>
          <div class="slice-container"><p>Sign up for The Weekly Paper's Free Newsletters</p>
            <p>From our morning news briefing to a weekly Good News Newsletter, get the best of The Weekly Paper delivered directly to your inbox.</p>
            <form><input type="email" placeholder="Your email"><button>Sign up</button></form></div>
          <p>The group's grip on the region has been weakened in recent weeks by the killing of its country head, \
        according to the military, but officials remain cautious about what comes next.</p>
          <p>But the minister warned that intelligence reports showed that militants were a consistent threat to the UK, \
        and that in recent months there have been countless times when there have been links back to the UK.</p>
          <ul class="share-links"><li><a href="https://social.example/share">Share on Social</a></li>
            <li><a href="mailto:?subject=x">Email</a></li></ul>
          <p>Last year, the national coordinator for counterterrorism policing confirmed that around half of the 850 UK \
        jihadists who had left to fight had returned to the UK.</p>
          </div>
          <div class="paywall"><p>To continue reading this article...</p>
            <p>Continue reading this article and get limited website access each month.</p>
            <p>Get unlimited website access, exclusive newsletters plus much more.</p>
            <p>Cancel or pause at any time.</p>
            <p>Already a subscriber to The Weekly Paper?</p>
            <p>Not sure which email you used for your subscription? Contact us</p></div>
        </article>
        <aside class="related"><h2>Related</h2><ul><li><a href="/a">Another story</a></li></ul></aside>
        </main>
        <div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
        <footer><p>© The Weekly Paper 2024. All rights reserved.</p></footer>
        </body></html>
        """

    /// The article paragraphs of `seedLikePage`, by their opening words.
    static let seedArticleOpenings = [
        "British terrorist groups", "Speaking on a visit", "He also confirmed", "The group's grip",
        "But the minister warned", "Last year, the national coordinator",
    ]
}
