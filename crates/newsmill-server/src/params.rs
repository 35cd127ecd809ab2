//! Query-string parameters: parsed by hand so that every bad value gets a 400 that names it.
use std::collections::HashMap;

use newsmill_store::{EntityRef, QuoteQuery, SearchQuery, StoryQuery};

use crate::Failure;

/// The longest value accepted for a filter parameter.
const MAX_PARAM_CHARS: usize = 1_000;

/// Raw query parameters.
pub type Params = HashMap<String, String>;

/// A non-empty, bounded parameter value.
pub fn text(p: &Params, name: &str) -> Result<Option<String>, Failure> {
    match p.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if name != "q" && v.chars().count() > MAX_PARAM_CHARS => Err(Failure::bad_request(
            format!("`{name}` is longer than {MAX_PARAM_CHARS} characters"),
        )),
        Some(v) => Ok(Some(v.to_owned())),
    }
}

/// A non-negative integer parameter.
pub fn number(p: &Params, name: &str) -> Result<Option<usize>, Failure> {
    match text(p, name)? {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            Failure::bad_request(format!(
                "`{name}` must be a non-negative integer, got {v:?}"
            ))
        }),
    }
}

/// A store id in a path.
pub fn id(raw: &str) -> Result<i64, Failure> {
    raw.parse()
        .map_err(|_| Failure::bad_request(format!("{raw:?} is not an id (a number)")))
}

/// `(offset, limit)`: `page` (1-based, 20 per page) is the UI's paging, `offset` and `limit`
/// the API's.
fn paging(p: &Params) -> Result<(usize, usize), Failure> {
    let limit = number(p, "limit")?.unwrap_or(0);
    let offset = match number(p, "page")? {
        Some(0) => return Err(Failure::bad_request("`page` starts at 1")),
        Some(page) => (page - 1).saturating_mul(20),
        None => number(p, "offset")?.unwrap_or(0),
    };
    Ok((offset, limit))
}

/// The search the parameters describe. `page` (1-based, 20 per page) is the UI's paging;
/// `offset` and `limit` the API's.
pub fn search(p: &Params) -> Result<SearchQuery, Failure> {
    let (offset, limit) = paging(p)?;
    let q = SearchQuery {
        text: text(p, "q")?,
        outlet: text(p, "outlet")?,
        from: text(p, "from")?,
        to: text(p, "to")?,
        lang: text(p, "lang")?,
        entity: text(p, "entity")?.as_deref().map(EntityRef::parse),
        speaker: text(p, "speaker")?.as_deref().map(EntityRef::parse),
        story: text(p, "story")?.as_deref().map(id).transpose()?,
        offset,
        limit,
    };
    q.validate()?;
    Ok(q)
}

/// The story listing the parameters describe: `min` articles, `offset`/`limit` for the API,
/// `page` for the UI.
pub fn stories(p: &Params) -> Result<StoryQuery, Failure> {
    let (offset, limit) = paging(p)?;
    let q = StoryQuery {
        min_articles: number(p, "min")?.unwrap_or(0),
        offset,
        limit,
    };
    q.validate()?;
    Ok(q)
}

/// The quote listing the parameters describe.
pub fn quotes(p: &Params) -> Result<QuoteQuery, Failure> {
    let chronological = match text(p, "order")?.as_deref() {
        None | Some("newest") => false,
        Some("oldest") => true,
        Some(other) => {
            return Err(Failure::bad_request(format!(
                "`order` is `newest` or `oldest`, got {other:?}"
            )))
        }
    };
    let limit = number(p, "limit")?.unwrap_or(0);
    if limit > 1000 {
        return Err(Failure::bad_request("`limit` is at most 1000"));
    }
    Ok(QuoteQuery {
        speaker: text(p, "speaker")?.as_deref().map(EntityRef::parse),
        chronological,
        limit,
    })
}

/// `path?key=value&…` with the pairs URL-encoded; empty values are left out.
pub fn url(path: &str, pairs: &[(&str, &str)]) -> String {
    let mut enc = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (k, v) in pairs {
        if !v.is_empty() {
            enc.append_pair(k, v);
            any = true;
        }
    }
    if any {
        format!("{path}?{}", enc.finish())
    } else {
        path.to_owned()
    }
}

/// A path segment, percent-encoded.
pub fn segment(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
