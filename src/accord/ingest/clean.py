"""Removing what scraped news carries besides the article.

Share buttons, newsletter boxes, "Read also" link lists, comment prompts, translation
notes, photo credits, cookie banners, advertisement markers, copyright lines and a closing
"Headline - Outlet" line. Every rule is a named entry of RULES and matches a *whole line*
(a paragraph, in scraped text), so a story sentence that merely contains "share",
"follow", "photo" or "comment" is never touched: the rule must account for every
character of the line. `clean` only removes lines, never rewrites one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.ingest.credits import OUTLET_WORDS

LINE = "line"  # the line is removed
BLOCK = "block"  # the line, and when it is a bare heading, the list of headlines after it
TITLE = "title"  # "Headline - Outlet": removed when it echoes the title or the outlet


@dataclass(frozen=True)
class CleaningRule:
    name: str
    pattern: re.Pattern[str]  # must match the whole stripped line (fullmatch)
    scope: str  # LINE | BLOCK | TITLE
    max_chars: int  # longer lines are not tried: story paragraphs skip most rules cheaply


def _rule(name: str, scope: str, max_chars: int, *alternatives: str) -> CleaningRule:
    pattern = re.compile("|".join(alternatives), re.IGNORECASE)
    return CleaningRule(name, pattern, scope, max_chars)


def _capital(pattern: str) -> str:
    """`pattern` must start with a capital letter even though rules ignore case."""
    return rf"(?-i:(?=[A-ZÀ-ÖØ-Þ])){pattern}"


# Vocabulary used by several rules.
_NET = (
    r"(?:facebook|twitter|x|instagram|telegram|whatsapp|youtube|tiktok|linkedin|threads"
    r"|bluesky|mastodon|reddit|pinterest|flipboard|google news|messenger|e-?mail|sms"
    r"|correo|copy link|copiar enlace|print|imprimir|stampa|drucken|imprimer|tweet)"
)
_SHARE_WORDS = (
    r"(?:this|the|on|via|with|by|article|story|post|page|link|news|esta|este|en|la|noticia"
    r"|nota|art[ií]culo|por|su|questo|l'articolo|articolo|auf|diesen|artikel|sur|cet"
    r"|friends|your|it|now)"
)
_SEP = r"\s*[:!.»>|·•\-–—]*\s*"
_HEADING_TAIL = r"(?:\s*[:»>|.\-–—]+\s*(?P<rest>.{0,200}))?"
_AGENCY_PHOTO = r"(?:AP|AFP|Reuters|EPA|EPA-EFE|Xinhua|dpa|ANSA|EFE|Getty Images)"
_SOCIAL = (
    r"(?:facebook|twitter|\bx\b|instagram|telegram|whatsapp|youtube|tiktok|linkedin"
    r"|threads|bluesky|mastodon|google news|redes sociales|social media|social networks"
    r"|canale|kanal|canal|r[ée]seaux sociaux|soziale[nr]? (?:medien|netzwerken?))"
)

RULES: list[CleaningRule] = [
    _rule("share", LINE, 160,
          rf"(?:share|compartir|comparte|compartilhe|condividi|teilen|partager|partagez)"
          rf"(?:\s+{_SHARE_WORDS}|\s+{_NET}){{0,4}}{_SEP}(?:{_NET}(?:\s*[,|/·•]\s*|\s+)?)*",
          rf"(?:diesen\s+)?artikel\s+teilen|{_NET}(?:\s*[,|/·•]?\s*(?:{_NET}|share))*",
          r"(?:email|e-mail|print|send|save|bookmark)\s+(?:this|the)\s+(?:article|story|page)"),
    _rule("follow", LINE, 260,
          r"(?:follow us|follow @\w+|síguenos|siguenos|seguici|seguiteci|folgen sie uns"
          r"|folge uns|suivez-nous|suivez nous|follow (?:the )?[\w.@]+(?: [\w.@]+){0,3} on"
          r"|sigue a [\w.@]+(?: [\w.@]+){0,3} en|segui [\w.@]+(?: [\w.@]+){0,3} su)"
          rf"(?=[^\n]{{0,160}}{_SOCIAL})[^.!?]{{0,120}}[.!]?",
          r"follow (?:our|all (?:the|our)|the latest|live)\b[^.!?]{0,80}\b(?:coverage|updates"
          r"|news|blog)[.!]?"),
    _rule("newsletter", LINE, 260,
          r"(?:sign up|sign-up|signup|subscribe|register)(?: now| today| here| for free| free)?"
          r" (?:for|to)\b[^.!?]{0,120}\b(?:newsletters?|inbox|e-?mails?|updates|alerts"
          r"|briefing|digest|bulletin)\b[^.!?]{0,80}[.!]?",
          r"(?:get|receive) (?:the latest|our|daily|breaking|free)\b[^.!?]{0,100}\b(?:inbox"
          r"|newsletters?|e-?mail)\b[^.!?]{0,40}[.!]?",
          r"subscribe(?: now| today| here)?[.!]?|subscribe to (?:our|my)\s[^.!?]{0,100}[.!]?",
          r"subscribe to the [^.!?]{0,60}\b(?:newsletter|channel|podcast|feed)[.!]?",
          r"(?:our |daily |free |weekly )?newsletters?[.!:]?"
          r"|(?:enter )?(?:your )?e-?mail(?: address)?(?: here)?[.:]?",
          r"suscr[ií]bete\b[^.!?]{0,150}[.!]?|suscr[ií]base\b[^.!?]{0,150}[.!]?",
          r"reg[ií]strate\b[^.!?]{0,80}\b(?:bolet[ií]n|newsletter)\b[^.!?]{0,60}[.!]?",
          r"recibe (?:nuestro|el) bolet[ií]n\b[^.!?]{0,80}[.!]?",
          r"iscriviti\b[^.!?]{0,150}[.!]?",
          r"(?:jetzt )?abonnieren(?:\s[^.!?]{0,100})?[.!]?|abonnieren sie\b[^.!?]{0,100}[.!]?",
          r"(?:melden sie sich|registrieren sie sich)\b[^.!?]{0,80}\bnewsletter\b[^.!?]{0,60}[.!]?",
          r"abonnez-vous\b[^.!?]{0,150}[.!]?",
          r"inscrivez-vous\b[^.!?]{0,80}\bnewsletter\b[^.!?]{0,60}[.!]?"),
    _rule("related", BLOCK, 280,
          r"(?:related(?:\s+(?:posts?|articles?|stories|story|news|content|coverage|topics"
          r"|links|reading|videos?))?|read (?:more|also|next)|also read|more on this(?: story"
          r"| topic)?|see also|you (?:may|might) also (?:like|be interested in)"
          r"|recommended(?: for you| stories| articles| reading)?|more stories|most (?:read"
          r"|popular|viewed)|trending(?: now| stories)?|editor'?s picks|top stories"
          r"|latest (?:news|stories)|lee (?:también|tambien|además|más)|lea (?:también|tambien"
          r"|además)|(?:también )?te puede interesar|puede interesarte|noticias relacionadas"
          r"|contenido relacionado|m[aá]s noticias|lo m[aá]s le[ií]do|leggi anche|leggi pure"
          r"|potrebbe interessarti|articoli correlati|correlati|pi[uù] letti|lesen sie auch"
          r"|lesen sie mehr|mehr zum thema|auch interessant|weitere artikel"
          r"|das k[oö]nnte sie auch interessieren|meistgelesen|[àa] lire aussi|lire aussi"
          r"|sur le m[eê]me sujet|voir aussi|les plus lus)" + _HEADING_TAIL),
    _rule("comments", LINE, 100,
          r"(?:leave|post|add|write|view|show|read|see|hide|load|join) (?:a |all |the |your )?"
          r"(?:\d+ )?(?:comments?|reply)(?:\s*\(\d+\))?[.!]?",
          r"\d+ (?:comments?|comentarios?|commenti|kommentare?|commentaires?|replies)",
          r"comments?(?:\s*\(\d+\)|\s*:\s*\d+)?|comment(?:s)? (?:are|have been) closed[.]?",
          # "12 comments — Log in to join the discussion": count and prompt on one line
          r"(?:\d+ comments?\s*[—–\-|·]\s*)?"
          r"(?:log in|login|sign in|register|subscribe) to (?:comment|leave a comment"
          r"|post a comment|reply|join the (?:conversation|discussion))[.!]?",
          r"(?:join|start) the (?:conversation|discussion)[.!]?",
          r"(?:there are )?no comments(?: yet)?[.!]?|be the first to comment[.!]?",
          r"comentarios?(?:\s*\(\d+\))?|(?:deja|escribe) (?:un|tu) comentario[.!]?"
          r"|inicia sesi[oó]n para comentar[.!]?",
          r"commenti?(?:\s*\(\d+\))?|lascia un commento[.!]?|commenta",
          r"kommentare?(?:\s*\(\d+\))?|kommentieren|commentaires?(?:\s*\(\d+\))?"
          r"|laisser un commentaire[.!]?|r[ée]agir"),
    _rule("translation_note", LINE, 320,
          r"(?:original (?:source|article|text|version)|fuente original|texto original"
          r"|art[ií]culo original|fonte originale|articolo originale|originalquelle"
          r"|originalartikel|source originale|article original|versi[oó]n original)"
          r"(?: (?:in|en|em|auf) \w+)?(?:\s*[:\-–—]\s*.{0,200})?[.]?",
          # "Translated from the Spanish by Ana Ruiz": a language word, then only a name (no
          # comma), so "Translated from Russian, the letter reads ..." is story, and stays.
          r"(?:(?:this|the) (?:article|story|text|report|piece) (?:was|has been|is) )?"
          r"(?:machine[- ]|automatically )?translated (?:from|into) (?:the )?\w+"
          r"(?: (?:by|with|using) [^.!?,]{1,60})?[.]?",
          r"(?:translated|translation) by [^.!?,]{1,60}[.]?|translation\s*:\s*[^.!?]{1,100}[.]?",
          r"(?:traducido|traducida|traducción|traduccion|traduzione|tradotto|tradotta|traduit"
          r"|traduite|traduction|übersetzt|übersetzung)"
          r"(?: (?:del|de la|de|dal|dall'|dallo|della|aus dem|de l'|from the|from) ?\w+)?"
          r"(?: (?:por|par|di|da|von|by) [^.!?,]{1,60})?[.]?",
          r"(?:traducción|traduccion|traduzione|traduction|übersetzung)\s*:\s*[^.!?]{1,80}[.]?",
          r"aus dem \w+ übersetzt(?: von [^.!?,]{1,60})?[.]?",
          r"(?:(?:this|the) (?:article|story) (?:was )?originally (?:published|appeared) in"
          r" \w+[^.!?,]{0,100}[.]?)",
          r"(?:read|lee|leggi|lesen sie) (?:the |el |l'|den )?(?:original(?: article)?"
          r"|art[ií]culo original|articolo originale|originalartikel)(?: (?:in|en|auf) \w+)?"
          r"[^.!?]{0,80}[.]?"),
    _rule("photo_credit", LINE, 320,
          r"(?:photo|photos|photograph|foto|fotos|image|images|imagen|immagine|bild|picture"
          r"|pic|graphic|illustration|video|infographic)(?:\s+(?:credit|credits|courtesy"
          r"|source|caption))?\s*[:©]\s*.{1,200}",
          r"(?:image|photo|picture|video) (?:credit|courtesy)\b.{0,200}",
          r"credits?\s*:\s*.{1,120}",
          r"\(?(?:photo|foto|image|picture)s?\s+(?:by|de|di|von|par)\s+"
          + _capital(r"[^()]{1,80}") + r"\)?[.]?",
          rf"\(?{_AGENCY_PHOTO}\s+(?:photo|foto)(?:\s*/\s*[^()]{{1,80}})?\)?[.]?",
          # A caption ending in its credit. Greedy, then a one-character look back: the
          # engine backtracks from the end instead of trying every start (3x faster).
          r".{0,300}(?<=[\s(/])(?:getty images|shutterstock|alamy|istock"
          r"|ap photo(?:/[^()]{1,60})?|epa-efe(?:/[^()]{1,60})?)\)?",
          # "Empty platforms on Thursday. Photo: Ines Marro/Continental Review": a caption
          # with a capitalised "Photo:" credit naming someone, after the caption's end.
          r".{1,240}?[.!?»”\"]\s+\(?" + _capital(r"(?:photos?|fotos?)")
          + r"\s*:\s*" + _capital(r"[^()\n.!?]{1,80}") + r"\)?[.]?"),
    _rule("cookies", LINE, 700,
          r"(?:this (?:web)?site uses cookies|we use cookies|we and our partners use cookies"
          r"|by (?:continuing|using) (?:to (?:browse|use)|this (?:web)?site)[^.]{0,100}cookies"
          r"|(?:utilizamos|usamos) cookies|este sitio (?:web )?(?:utiliza|usa) cookies"
          r"|utilizziamo (?:i )?cookie|questo sito (?:web )?utilizza (?:i )?cookie"
          r"|wir verwenden cookies|diese website verwendet cookies|nous utilisons des cookies"
          r"|ce site utilise des cookies)\b.{0,600}",
          r"(?:accept|reject|allow|decline|manage|customi[sz]e)(?: all)?(?: cookies?"
          r"| preferences| settings)?|cookie (?:settings|preferences|policy)"
          r"|(?:aceptar|rechazar)(?: todas?)?(?: las)?(?: cookies)?|configurar cookies"
          r"|accetta(?: tutti)?|rifiuta(?: tutti)?|alle akzeptieren|akzeptieren|ablehnen"
          r"|tout accepter|tout refuser|i agree|agree|got it|ok"),
    _rule("advertisement", LINE, 100,
          r"[\s\-–—_*\[(]*(?:advertisement|advertisment|advertising|ad|ads|sponsored(?: content"
          r"| post| by [^.!?]{1,60})?|paid (?:content|post|partner(?:ship)?)|publicidad"
          r"|publicidade|anuncio|pubblicit[àa]|annuncio|anzeige|werbung|publicit[ée]"
          r"|scroll to continue(?: with content)?|continue reading(?: below| the main story"
          r"| after the ad(?:vertisement)?)?|(?:story|article) continues (?:below|after"
          r" (?:the )?(?:ad|advertisement))(?: advertisement)?|skip (?:the )?ad(?:vertisement)?"
          r"|la noticia contin[uú]a (?:abajo|despu[ée]s de la publicidad)"
          r"|contin[uú]a (?:leyendo|abajo)|weiterlesen nach der anzeige)[\s\-–—_*\])]*"),
    _rule("copyright", LINE, 260,
          r"(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*(?=\d{4}|©)|copyright\s+\d{4})[^\n]{0,200}",
          r".{0,150}(?<=\s)(?:all rights reserved|todos los derechos reservados"
          r"|tutti i diritti riservati|alle rechte vorbehalten|tous droits r[ée]serv[ée]s"
          r"|derechos reservados)[.]?"),
    _rule("tags", LINE, 240,
          r"(?:tags|topics|filed under|etiquetas|temas|argomenti|schlagw[oö]rter|themen"
          r"|mots-cl[ée]s)\s*:\s*[^\n]{0,200}"),
    # "Storm floods coastal towns - The Daily Beacon": the last separator splits head/site.
    _rule("title_echo", TITLE, 300,
          r"(?P<head>.{3,200})\s+(?:[-–—|·•]|::)\s+(?P<site>[^|–—·•]{2,60})"
          r"|(?P<head2>.{3,200}?)\s*\|\s*(?P<site2>[^|–—·•]{2,60})"),
]  # fmt: skip

# Thresholds.
LINK_LIST_MAX = 10  # headlines removed after a bare "Related" heading
LINK_MAX_WORDS = 20
LINK_MAX_CHARS = 160
_ECHO_SEPARATOR = re.compile(r"\s[-–—|·•]\s|\||\s::\s")
_LINK_BULLET = re.compile(r"[-•*»·▪►]\s+\S.{0,200}")
_NOT_A_HEADLINE_END = tuple(".,;:")
_STATIC_RULES = [rule for rule in RULES if rule.scope != TITLE]
_TITLE_RULE = next(rule for rule in RULES if rule.scope == TITLE)
_RULE_MAX_CHARS = max(rule.max_chars for rule in RULES)
_OUTLET_WORD = re.compile(rf"\b(?:{'|'.join(OUTLET_WORDS)})\b|\.\w{{2,3}}$", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")


def clean(text: str, title: str | None = None, outlet: str | None = None) -> tuple[str, list[str]]:
    """`text` without scraper boilerplate, and the names of the rules that fired.

    The result's lines are a subsequence of `text`'s lines (split on "\\n"), and
    cleaning a cleaned text changes nothing.
    """
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    keep = [bool(s) for s in stripped]  # blank lines are put back by _assemble
    fired: dict[str, None] = {}
    lines_fired: dict[int, str] = {}  # line index -> the rule that removed it
    echo = _TitleEcho(title, outlet)

    # 1. Rules that look at one line: boilerplate lines, headings with their link lists,
    #    and "Headline - Outlet" lines naming this article's title or outlet.
    for i, line in enumerate(stripped):
        if not keep[i] or len(line) > _RULE_MAX_CHARS:
            continue
        name = _static_rule(line, stripped, keep, i) or echo.matches(line, at_edge=False)
        if name:
            keep[i] = False
            fired[name] = None
            lines_fired[i] = name
            if name == "photo_credit" and _is_caption_of(stripped, keep, i):
                keep[i - 1] = False

    # 1b. A newsletter box: a short block whose field and button lines fired above takes
    #     its heading and blurb with it ("Get the Courier Morning Brief").
    blocks = _blocks(stripped)
    for block in blocks:
        if _is_newsletter_box(block, stripped, lines_fired, len(blocks)):
            for i in block:
                keep[i] = False

    # 2. First and last lines: the title repeated, "Headline - Some News" closing lines.
    for step in (1, -1):
        index = _next_kept(keep, 0 if step == 1 else len(keep) - 1, step)
        while index is not None and echo.matches(stripped[index], at_edge=True):
            keep[index] = False
            fired[_TITLE_RULE.name] = None
            index = _next_kept(keep, index, step)

    return _assemble(lines, stripped, keep), list(fired)


def _static_rule(line: str, stripped: list[str], keep: list[bool], i: int) -> str | None:
    for rule in _STATIC_RULES:
        if len(line) > rule.max_chars:
            continue
        match = rule.pattern.fullmatch(line)
        if match is None:
            continue
        if rule.scope == BLOCK and not match.group("rest"):
            _drop_link_list(stripped, keep, i + 1)
        return rule.name
    return None


# A newsletter box is a block of its own (blank lines set the text's paragraphs apart) of
# a few short lines, at least two of them newsletter lines and one of those a bare form
# field or button ("Email address", "Subscribe"); its heading and blurb go with them. Where
# no blank lines set paragraphs apart, a block may be the whole story: only the lines the
# rules name go there.
NEWSLETTER_BOX_LINES = (3, 6)
NEWSLETTER_BOX_LINE_CHARS = 120
FORM_LINE_WORDS = 3


def _blocks(stripped: list[str]) -> list[list[int]]:
    """Runs of non-blank lines, as lists of line indices."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(stripped):
        if line:
            current.append(i)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_newsletter_box(
    block: list[int], stripped: list[str], lines_fired: dict[int, str], blocks: int
) -> bool:
    low, high = NEWSLETTER_BOX_LINES
    if blocks < 2 or not low <= len(block) <= high:
        return False
    if any(len(stripped[i]) > NEWSLETTER_BOX_LINE_CHARS for i in block):
        return False
    fired = [i for i in block if lines_fired.get(i) == "newsletter"]
    form = [i for i in fired if len(stripped[i].split()) <= FORM_LINE_WORDS]
    return len(fired) >= 2 and bool(form)


# A bare credit line ("Photo: Sten Greve/Harbour Ledger") credits the line right above it
# when the two make a block of their own, in mid-text: a blank line before the caption
# (and some text before that) and after the credit. Where no blank lines set paragraphs
# apart (text extracted from HTML, say), or at the top where a lede may stand, the line
# above may be story, so it stays. "Bare": a credit word, a colon or "by", and a short
# capitalised name, nothing more.
CAPTION_MAX_CHARS = 200
_BARE_CREDIT = re.compile(
    r"\(?(?:photo|photograph|foto|image|imagen|immagine|bild|picture)s?"
    r"\s*(?::|©|\s(?:by|de|di|von|par)\s)\s*(?-i:[A-ZÀ-Ý])[^.!?:;]{0,80}\)?[.]?",
    re.IGNORECASE,
)
_BARE_CREDIT_WORDS = 8


def _is_caption_of(stripped: list[str], keep: list[bool], i: int) -> bool:
    credit = stripped[i]
    if i < 3 or not keep[i - 1] or not _BARE_CREDIT.fullmatch(credit):
        return False
    if len(credit.split()) > _BARE_CREDIT_WORDS:
        return False
    block_alone = not stripped[i - 2] and (i + 1 == len(stripped) or not stripped[i + 1])
    text_before = any(stripped[: i - 2])
    above = stripped[i - 1]
    return (
        block_alone
        and text_before
        and 0 < len(above) <= CAPTION_MAX_CHARS
        and not above.endswith(":")
    )


def _drop_link_list(stripped: list[str], keep: list[bool], start: int) -> None:
    """Remove the headlines listed under a bare "Related posts" / "Lee también" heading."""
    dropped = 0
    for j in range(start, len(stripped)):
        if dropped >= LINK_LIST_MAX:
            return
        line = stripped[j]
        if not line:
            continue
        if not _is_link_line(line):
            return
        keep[j] = False
        dropped += 1


def _is_link_line(line: str) -> bool:
    if _LINK_BULLET.fullmatch(line):
        return True
    return (
        len(line) <= LINK_MAX_CHARS
        and len(line.split()) <= LINK_MAX_WORDS
        and not line.endswith(_NOT_A_HEADLINE_END)
    )


class _TitleEcho:
    """Decides whether a line repeats the article's title and/or names its outlet."""

    def __init__(self, title: str | None, outlet: str | None) -> None:
        self.title = _normal(title) if title else ""
        self.outlet = _normal(outlet) if outlet else ""

    def matches(self, line: str, *, at_edge: bool) -> str | None:
        if not (at_edge or self.title or self.outlet):
            return None
        if not line or line.endswith(_NOT_A_HEADLINE_END) or len(line) > _TITLE_RULE.max_chars:
            return None
        name = _TITLE_RULE.name
        if at_edge and self.title and _normal(line) == self.title:
            return name
        if not _ECHO_SEPARATOR.search(line):
            return None
        match = _TITLE_RULE.pattern.fullmatch(line)
        if match is None:
            return None
        head = match["head"] or match["head2"]
        site = match["site"] or match["site2"]
        if head.endswith(_NOT_A_HEADLINE_END) or len(head.split()) > LINK_MAX_WORDS:
            return None
        if self.title and _same_title(_normal(head), self.title):
            return name
        if self.outlet and _same_outlet(_normal(site), self.outlet):
            return name
        # With nothing to compare, only a closing line whose tail reads as a news site.
        if at_edge and _OUTLET_WORD.search(site.strip()) and len(site.split()) <= 5:
            return name
        return None


def _normal(value: str) -> str:
    words = _NON_WORD.sub(" ", value.casefold()).split()
    if words and words[0] in {"the", "el", "la", "il", "le", "der", "die"}:
        words = words[1:]
    return " ".join(words)


def _same_title(head: str, title: str) -> bool:
    if head == title:
        return True
    # Sites shorten long titles: a long enough common start counts.
    shorter, longer = sorted((head, title), key=len)
    return len(shorter) >= 20 and longer.startswith(shorter)


def _same_outlet(site: str, outlet: str) -> bool:
    if not site or not outlet:
        return False
    if site == outlet or f" {outlet} " in f" {site} " or f" {site} " in f" {outlet} ":
        return True
    # "Daily Beacon" against the outlet taken from the URL, "dailybeacon.example".
    site_compact, outlet_compact = site.replace(" ", ""), outlet.replace(" ", "")
    return len(site_compact) >= 5 and site_compact in outlet_compact


def _next_kept(keep: list[bool], start: int, step: int) -> int | None:
    """The first kept line from `start` on, walking forwards (1) or backwards (-1)."""
    stop = len(keep) if step == 1 else -1
    return next((i for i in range(start, stop, step) if keep[i]), None)


def _assemble(lines: list[str], stripped: list[str], keep: list[bool]) -> str:
    """Kept lines in order, one blank line where blank lines (or removed ones) were."""
    out: list[str] = []
    gap, pending_blank = False, ""
    for line, s, kept in zip(lines, stripped, keep, strict=True):
        if kept:
            if gap and out:
                out.append(pending_blank)
            out.append(line)
            gap = False
        elif not s and not gap:
            gap, pending_blank = True, line
    return "\n".join(out)
