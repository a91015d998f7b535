"""The CSS of rendered briefs: simple rules QTextBrowser understands, also embedded in HTML exports."""

BRIEF_CSS = """
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11pt; line-height: 1.45;
       max-width: 46em; margin: 2em auto; padding: 0 1em; color: #1a1a1a; }
h1, h2, h3, h4 { font-family: "DejaVu Sans", Arial, sans-serif; line-height: 1.2; }
h1.brief-title { font-size: 20pt; margin-bottom: 0.2em; }
p.brief-byline { color: #555555; margin-top: 0; }
p.classification { text-align: center; font-weight: bold; letter-spacing: 0.1em;
                   color: #8b0000; border: 1px solid #8b0000; padding: 0.2em; }
blockquote { margin: 1em 2em; padding-left: 1em; border-left: 3px solid #cccccc; color: #333333; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #bbbbbb; padding: 0.25em 0.6em; }
th { background: #f0f0f0; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 90%; }
pre { background: #f6f6f6; padding: 0.6em; }
sup.footnote-ref { font-size: 75%; }
hr.footnotes-sep { margin-top: 2em; }
section.footnotes, ol.footnotes-list { font-size: 90%; }
span.citation-error { color: #b00020; font-weight: bold; background: #fde7ea; }
span.image-placeholder { color: #555555; font-style: italic; }
h2.bibliography-title { margin-top: 2em; }
p.bibliography-entry { margin-left: 2em; text-indent: -2em; }
div.evidence { font-size: 90%; }
"""
