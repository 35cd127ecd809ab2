//! Telegram's markdown read as text: a channel post exported by Telegram clients and by
//! Telethon marks **bold**, __italic__ and ~~struck~~ words and writes links as `[text](url)`.
//! The markers are typography, not words: they go, the link text stays where it stood, and each
//! link is kept as [`Link`] metadata (decision 49).
//!
//! Only the forms Telegram writes are read, so that scraped pages keep what they say: an opening
//! marker stands at the start of a line or after a space or an opening bracket or quote, and is
//! followed by a non-space; a closing one follows a non-space and ends a word. Footnote stars
//! after a word («Аль-Каиды»**) and bracketed `[**]` are left alone.
use newsmill_model::Link;

/// The schemes a link must have to be read as one (`[1](#note)` in a scraped page is not).
const SCHEMES: &[&str] = &["http://", "https://", "tg://", "mailto:"];

/// The most bytes a marked run may hold: a closing marker farther on pairs with nothing.
const MAX_SPAN: usize = 2000;

/// The paired markers, longest first.
const MARKERS: &[&str] = &["**", "__", "~~"];

/// `text` with Telegram's markdown read: markers removed, link text kept, links listed in order.
/// Text without markdown comes back unchanged.
pub(crate) fn read(text: String) -> (String, Vec<Link>) {
    if !text.contains("](") && !MARKERS.iter().any(|m| text.contains(m)) {
        return (text, Vec::new());
    }
    let mut links = Vec::new();
    let mut pairs = 0;
    let linked: Vec<String> = text
        .split('\n')
        .map(|line| read_links(line, &mut links))
        .collect();
    // A bold run may close lines later (a headline and its first paragraph).
    let paired = strip_markers(&linked.join("\n"), &mut pairs);
    // Once the text has shown itself to be markdown, markers left unpaired are typography too
    // (an empty bold `****` beside an emoji, a bold run cut by the export), except inside a word
    // (`нах**й`). A post that opens with a marker has shown it.
    let opens_marked = MARKERS
        .iter()
        .any(|m| find_opening(text.trim_start(), m) == Some(0));
    let markdown = pairs > 0 || !links.is_empty() || opens_marked;
    let lines: Vec<String> = paired
        .split('\n')
        .map(|l| {
            if markdown {
                drop_loose_markers(l)
            } else {
                l.to_owned()
            }
        })
        .collect();
    (lines.join("\n"), links)
}

/// The title of a scraped-text document, as a reader should see it: markers go as in the body,
/// and loose runs of `**` or `__` too, whether or not the body showed itself to be markdown. A
/// post's first line often ends a bold run cut by the export («…на авиабазе.**»); the stars a
/// title may carry as a footnote mark are typography a headline does without (the body keeps
/// them). Runs inside a word stay (`пиз**ц`).
pub(crate) fn title(title: &str) -> String {
    let (read, _) = read(title.to_owned());
    drop_loose_markers(&read).trim().to_owned()
}

/// Removes runs of two or four `*` or `_` except inside a word (`нах**й`, `snake__case`):
/// Telegram's exports shift a marker past a space (`в** ПНИПУ**`) or leave a bold run open
/// across lines.
fn drop_loose_markers(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '*' || c == '_' {
            let run = chars[i..].iter().take_while(|&&x| x == c).count();
            let word_before = i > 0 && chars[i - 1].is_alphanumeric();
            let word_after = chars.get(i + run).is_some_and(|c| c.is_alphanumeric());
            if (run == 2 || run == 4) && !(word_before && word_after) {
                i += run;
                continue;
            }
            out.extend(&chars[i..i + run]);
            i += run;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `[text](url)` → `text`, for URLs with a known scheme and no spaces; the link is pushed.
fn read_links(line: &str, links: &mut Vec<Link>) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let parsed = after.find("](").and_then(|close| {
            let label = &after[..close];
            let tail = &after[close + 2..];
            let end = tail.find(')')?;
            let url = &tail[..end];
            let ok = !label.contains('[')
                && !label.contains('\n')
                && SCHEMES.iter().any(|s| url.starts_with(s))
                && !url.contains(char::is_whitespace);
            ok.then_some((label, url, open + 1 + close + 2 + end + 1))
        });
        match parsed {
            Some((label, url, consumed)) => {
                out.push_str(&rest[..open]);
                out.push_str(label);
                links.push(Link {
                    text: drop_loose_markers(&strip_markers(label, &mut 0))
                        .trim()
                        .to_owned(),
                    url: url.to_owned(),
                });
                rest = &rest[consumed..];
            }
            None => {
                out.push_str(&rest[..open + 1]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Removes each paired marker that opens and closes as Telegram writes it, counting the pairs
/// in `pairs`. A pair may span lines, but not more than [`MAX_SPAN`] bytes.
fn strip_markers(line: &str, pairs: &mut usize) -> String {
    let mut s = line.to_owned();
    for marker in MARKERS {
        s = strip_marker(&s, marker, pairs);
    }
    s
}

fn strip_marker(line: &str, marker: &str, pairs: &mut usize) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let Some(open) = find_opening(rest, marker) else {
            out.push_str(rest);
            return out;
        };
        let inner_start = open + marker.len();
        match find_closing(&rest[inner_start..], marker).filter(|&close| {
            close <= MAX_SPAN
                && rest[inner_start..inner_start + close]
                    .chars()
                    .any(char::is_alphabetic)
        }) {
            Some(close) => {
                *pairs += 1;
                out.push_str(&rest[..open]);
                out.push_str(&rest[inner_start..inner_start + close]);
                rest = &rest[inner_start + close + marker.len()..];
            }
            None => {
                out.push_str(&rest[..inner_start]);
                rest = &rest[inner_start..];
            }
        }
    }
}

/// The byte offset of the first marker in `s` that can open: at the start or after a space, an
/// opening bracket or an opening quote, and followed by a word, an opening quote or bracket, or a
/// symbol outside ASCII (an emoji), not by a space or other ASCII punctuation.
fn find_opening(s: &str, marker: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find(marker).map(|i| i + from) {
        let before = s[..i].chars().next_back();
        let after = s[i + marker.len()..].chars().next();
        let opens = before.is_none_or(|c| {
            c.is_whitespace() || "([{«\"'„“".contains(c) || !c.is_ascii() && !c.is_alphanumeric()
        }) && after.is_some_and(|c| {
            c.is_alphanumeric() || !c.is_ascii() && !c.is_whitespace() || "\"'([#@$".contains(c)
        });
        if opens {
            return Some(i);
        }
        from = i + marker.len();
    }
    None
}

/// The byte offset in `s` (the text after an opening marker) of the marker that closes it:
/// after a word, closing punctuation or a symbol outside ASCII, and not followed by a letter or
/// digit or the marker's own character.
fn find_closing(s: &str, marker: &str) -> Option<usize> {
    let mark = marker.chars().next()?;
    let mut from = 0;
    while let Some(i) = s[from..].find(marker).map(|i| i + from) {
        let before = s[..i].chars().next_back();
        let after = s[i + marker.len()..].chars().next();
        // `**Итоги дня: **`: a space before a closing marker that ends the text or a word.
        let after_space_at_end =
            before.is_some_and(char::is_whitespace) && after.is_none_or(char::is_whitespace);
        let closes = after_space_at_end
            || before.is_some_and(|c| {
                c.is_alphanumeric()
                    || !c.is_ascii() && !c.is_whitespace()
                    || ".,:;!?\"')%".contains(c)
            }) && after.is_none_or(|c| !c.is_alphanumeric() && c != mark);
        if closes {
            return Some(i);
        }
        from = i + marker.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_markers_go_and_link_text_stays() {
        let (text, links) = read(
            "**Срочно:** в Москве __сильный__ ливень\nПодробнее [на сайте](https://example.org/a?b=1) и ~~вчера~~"
                .into(),
        );
        assert_eq!(
            text,
            "Срочно: в Москве сильный ливень\nПодробнее на сайте и вчера"
        );
        assert_eq!(
            links,
            vec![Link {
                text: "на сайте".into(),
                url: "https://example.org/a?b=1".into()
            }]
        );
    }

    #[test]
    fn footnote_stars_and_brackets_of_scraped_pages_stay() {
        for line in [
            "«Исламского государства»**, «Аль-Каиды»** и других",
            "отмечены знаками [*], [**], [***]",
            "см. [1](#note) и a**b**c",
            "2 ** 3 = 8",
            "snake__case__name",
            r"__ __ _ _ _ \ \ / /__ __ _ _ __ ___ | |__ (_)_ __(_)_ __ __ _",
            "a __ b __ c",
        ] {
            assert_eq!(read(line.into()), (line.to_owned(), Vec::new()), "{line}");
        }
    }

    #[test]
    fn telethon_exports_read_whole() {
        assert_eq!(
            read("**Итоги дня: **\n— первое".into()).0,
            "Итоги дня: \n— первое"
        );
        assert_eq!(
            read("**📱**** **Прислать новость** и нах**й".into()).0,
            "📱 Прислать новость и нах**й"
        );
        assert_eq!(
            read("— В** НИУ ВШЭ** открыли, 🥇**Самые** и **начало\nконец**".into()).0,
            "— В НИУ ВШЭ открыли, 🥇Самые и начало\nконец"
        );
        assert_eq!(read("**Заголовок\nабзац".into()).0, "Заголовок\nабзац");
    }

    #[test]
    fn titles_lose_markers_paired_and_loose_but_not_inside_a_word() {
        assert_eq!(
            title("Суд арестовал двух подростков.**"),
            "Суд арестовал двух подростков."
        );
        assert_eq!(
            title("Эвакуировали студентов МГИМО . **"),
            "Эвакуировали студентов МГИМО ."
        );
        assert_eq!(
            title("Рейтинг **CNET** и [ссылка](https://x.ru)"),
            "Рейтинг CNET и ссылка"
        );
        assert_eq!(title("\"Вообще пиз**ц\""), "\"Вообще пиз**ц\"");
    }

    #[test]
    fn a_marker_left_open_is_kept_and_bold_links_read_both_ways() {
        assert_eq!(read("a **не закрыт".into()).0, "a **не закрыт");
        assert_eq!(read("**Заголовок без пары".into()).0, "Заголовок без пары");
        let (text, links) =
            read("**[Подписаться](https://t.me/x)** и [**Mash**](https://t.me/mash)".into());
        assert_eq!(text, "Подписаться и Mash");
        assert_eq!(links.len(), 2);
        assert_eq!(links[1].text, "Mash");
    }
}
