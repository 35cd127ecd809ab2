//! Synthetic scraped-text pages for training: real Russian news bodies wrapped in chrome.
//!
//! The scraped-text development pages are English. To teach the line classifier what Russian
//! body text looks like next to Russian chrome, real article texts (from a NER corpus: title
//! line, then paragraphs) are laid out as a crawler stores them, with navigation, photo credits,
//! captions in the "… - Outlet, 1920, 20.09.2023" form, calls to subscribe, teasers (other
//! articles' titles), channel promotions, counters and footers around and between paragraphs.
//! The body lines are real; only the chrome follows templates.

use std::io::BufRead;
use std::path::Path;

use newsmill_model::{Format, Origin, RawDoc};

use crate::GoldPage;

const NAV: &[&str] = &[
    "Главная",
    "Новости",
    "Политика",
    "Экономика",
    "Общество",
    "Происшествия",
    "Спорт",
    "Культура",
    "В мире",
    "Регионы",
    "Наука",
    "Технологии",
    "Авто",
    "Недвижимость",
    "Мнения",
    "Видео",
    "Фото",
    "Все новости",
    "Лента новостей",
    "Поиск",
    "Войти",
    "Меню",
    "Ещё",
    "Мультимедиа",
];
const OUTLETS: &[&str] = &[
    "Sputnik Литва",
    "РИА Новости",
    "Вести Поволжья",
    "Новости Приволжья",
    "Газета.Ру",
    "Известия",
    "Регион-Инфо",
    "Деловой Петербург",
    "ТВ Центр",
    "Сибирь.Реалии",
];
const PHOTOGRAPHERS: &[&str] = &[
    "Алексей Никольский",
    "Ольга Орлова",
    "Илья Питалев",
    "Мария Девахина",
    "Сергей Бобылев",
];
const SUBSCRIBE: &[&str] = &[
    "Подписаться",
    "Подпишитесь на нашу рассылку",
    "Подписывайтесь на наш канал",
    "Получайте новости первыми",
];
const TAIL: &[&str] = &[
    "Лента новостей",
    "Читайте также",
    "Популярное",
    "Комментарии",
    "Поделиться",
    "Наверх",
    "Все материалы",
    "Загрузить еще",
    "Новости партнеров",
    "Материалы по теме",
];

/// A deterministic xorshift generator, so that training is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Up to `count` synthetic scraped pages built from the texts of a NER JSONL file
/// (`{"text": "Title\n\nParagraph\n\n…"}` per line).
pub fn synthetic_scraped_pages(ner_jsonl: &Path, count: usize) -> std::io::Result<Vec<GoldPage>> {
    let file = std::io::BufReader::new(std::fs::File::open(ner_jsonl)?);
    let mut docs: Vec<(String, Vec<String>)> = Vec::new();
    for line in file.lines() {
        let line = line?;
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
            continue;
        };
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let Some(title) = lines.next() else { continue };
        // Date-only lines under the title ("05/08/2008 10:35") are not body either.
        let paragraphs: Vec<String> = lines
            .filter(|l| l.chars().any(char::is_alphabetic))
            .map(str::to_owned)
            .collect();
        if !paragraphs.is_empty() {
            docs.push((title.to_string(), paragraphs));
        }
    }
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut pages = Vec::new();
    for i in 0..docs.len().min(count) {
        let (title, paragraphs) = &docs[i];
        let outlet = rng.pick(OUTLETS);
        let date = format!(
            "{:02}.{:02}.20{:02}",
            1 + rng.below(28),
            1 + rng.below(12),
            10 + rng.below(15)
        );
        let teaser = |rng: &mut Rng| docs[rng.below(docs.len())].0.clone();
        let caption = |rng: &mut Rng| {
            let words: Vec<&str> = docs[rng.below(docs.len())]
                .0
                .split_whitespace()
                .take(4 + rng.below(5))
                .collect();
            format!("{} - {outlet}, 1920, {date}", words.join(" "))
        };
        let mut lines: Vec<String> = Vec::new();
        for _ in 0..rng.below(10) {
            lines.push(rng.pick(NAV).to_string());
        }
        lines.push(title.clone());
        if rng.chance(30) {
            lines.push(format!("{title} - {outlet}"));
        }
        if rng.chance(50) {
            lines.push(format!("© {outlet} / {}", rng.pick(PHOTOGRAPHERS)));
            lines.push(caption(&mut rng));
        }
        if rng.chance(40) {
            lines.push(rng.pick(SUBSCRIBE).to_string());
        }
        if rng.chance(30) {
            lines.push(date.clone());
        }
        for (j, p) in paragraphs.iter().enumerate() {
            lines.push(p.clone());
            if j + 1 < paragraphs.len() && rng.chance(12) {
                lines.push(caption(&mut rng));
                lines.push(teaser(&mut rng));
            }
        }
        if rng.chance(50) {
            lines.push(format!(
                "{outlet} в Telegram! Подписывайтесь на самые быстрые новости."
            ));
        }
        for _ in 0..rng.below(4) {
            lines.push(teaser(&mut rng));
        }
        for _ in 0..rng.below(4) {
            lines.push(rng.pick(TAIL).to_string());
        }
        if rng.chance(40) {
            lines.push(rng.below(100).to_string());
        }
        if rng.chance(40) {
            lines.push(format!(
                "© {} {outlet}. Все права защищены.",
                2010 + rng.below(15)
            ));
        }
        let origin = Origin {
            path: Some(format!("synthetic-{i}.txt")),
            ..Origin::default()
        };
        pages.push(GoldPage {
            name: format!("synthetic-{i}"),
            raw: RawDoc::new(origin, Format::Text, lines.join("\n").into_bytes()),
            gold: paragraphs.join("\n\n"),
        });
    }
    Ok(pages)
}
