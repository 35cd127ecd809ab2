//! Block context: what each open element passes down to the blocks inside it (class hints,
//! the related-stories box, hidden and print-only state), and the builder that turns text runs
//! into blocks.
use std::rc::Rc;

use newsmill_model::RemovedKind;

use super::collapse;
use crate::blocks::Block;

pub(super) struct Frame {
    pub(super) id: u32,
    /// The element's name where the tree-building rules in [`Walker::close_implied`] need it
    /// (`p`, `li`, `td`, `table`, …), else "".
    pub(super) name: &'static str,
    pub(super) tag: &'static str,
    pub(super) block: bool,
    /// An element whose content is never read (`<script>`, `<nav hidden>`, …).
    pub(super) skip: bool,
    pub(super) hint: Option<RemovedKind>,
    /// A picture's box (`<figure>`, a class naming an image or photo): its text is a caption.
    pub(super) figure: bool,
    pub(super) link: bool,
    /// Its class names a tooltip, popover or rollover ([`names_hover`]).
    pub(super) hover: bool,
    /// A child of it was the heading of a box of other stories: the children after it are
    /// that box's stories.
    pub(super) teasers_follow: bool,
    /// Its class shows it in print only ([`names_print_only`]).
    pub(super) print_only: bool,
    /// Context features of this element, hashed once when it opens: `in` for the semantic
    /// containers, `c_any` for its class/id stems (`c_near` ones in [`Frame::near`]).
    pub(super) any: Vec<u32>,
    /// `c_near` features: given only to blocks at most one element below.
    pub(super) near: Vec<u32>,
    /// What this frame and its ancestors give a block inside it ([`Builder::inherited`]).
    pub(super) inherited: Option<Inherited>,
}

/// What an open element and its ancestors give every block inside it.
#[derive(Clone)]
pub(super) struct Inherited {
    /// The `any` features of the element and its ancestors, sorted, without repeats; shared
    /// with the parent when the element adds none, as most do.
    pub(super) context: Rc<[u32]>,
    /// Ids of the block-level elements among them, outermost first.
    pub(super) ancestry: Rc<[u32]>,
    /// The innermost block-level tag ("div" when there is none).
    pub(super) tag: &'static str,
    /// The innermost class hint.
    pub(super) hint: Option<RemovedKind>,
    /// Whether any of them is outside the article ([`Frame::outside_article`]).
    pub(super) aside: bool,
}

impl Inherited {
    /// What text outside any element gets.
    fn top() -> Inherited {
        Inherited {
            context: Rc::from([]),
            ancestry: Rc::from([]),
            tag: "div",
            hint: None,
            aside: false,
        }
    }
}

impl Frame {
    /// A container whose text is not the article's: an `<aside>`, a picture's box, or a box
    /// its classes call navigation, teaser, comments, promotion, caption or credit.
    fn outside_article(&self) -> bool {
        self.tag == "aside"
            || self.figure
            || matches!(
                self.hint,
                Some(
                    RemovedKind::Navigation
                        | RemovedKind::Teaser
                        | RemovedKind::Comments
                        | RemovedKind::Promo
                        | RemovedKind::Caption
                        | RemovedKind::Credit
                )
            )
    }
}

#[derive(Default)]
pub(super) struct Builder {
    pub(super) frames: Vec<Frame>,
    pub(super) blocks: Vec<Block>,
    /// For each block, whether it sits in a container that is not the article's (an
    /// `<aside>`, a navigation, teaser, comment or promotion box, a picture's box): such
    /// blocks do not vote for the main container.
    pub(super) aside: Vec<bool>,
    pub(super) text: String,
    pub(super) link_chars: u32,
    pub(super) next_id: u32,
}

impl Builder {
    /// What the innermost open frame passes to a block inside it, derived on first use
    /// for it and for each ancestor not yet derived. Lazily, because most elements (links,
    /// list items of menus, spans) never end a block themselves.
    fn inherited(&mut self) -> Inherited {
        let Some(last) = self.frames.len().checked_sub(1) else {
            return Inherited::top();
        };
        let from = self.frames[..=last]
            .iter()
            .rposition(|f| f.inherited.is_some())
            .map_or(0, |i| i + 1);
        for i in from..=last {
            let up = i
                .checked_sub(1)
                .and_then(|p| self.frames[p].inherited.clone())
                .unwrap_or_else(Inherited::top);
            let frame = &self.frames[i];
            let context = if frame.any.is_empty() {
                up.context
            } else {
                let mut merged: Vec<u32> = up.context.iter().chain(&frame.any).copied().collect();
                merged.sort_unstable();
                merged.dedup();
                merged.into()
            };
            let ancestry = if frame.block {
                up.ancestry.iter().copied().chain([frame.id]).collect()
            } else {
                up.ancestry
            };
            let inherited = Inherited {
                context,
                ancestry,
                tag: if frame.block { frame.tag } else { up.tag },
                hint: frame.hint.or(up.hint),
                aside: up.aside || frame.outside_article(),
            };
            self.frames[i].inherited = Some(inherited);
        }
        self.frames[last]
            .inherited
            .clone()
            .unwrap_or_else(Inherited::top)
    }

    pub(super) fn flush(&mut self) {
        if self.text.trim().is_empty() {
            self.text.clear();
            self.link_chars = 0;
            return;
        }
        let raw = std::mem::take(&mut self.text);
        let link_chars = std::mem::take(&mut self.link_chars);
        let top = self.inherited();
        let mut context = top.context.to_vec();
        let near = &self.frames[self.frames.len().saturating_sub(2)..];
        if near.iter().any(|f| !f.near.is_empty()) {
            for frame in near {
                context.extend_from_slice(&frame.near);
            }
            context.sort_unstable();
            context.dedup();
        }
        let teaser_box = self.frames.iter().any(|f| f.teasers_follow);
        let print_only = self.frames.iter().any(|f| f.print_only);
        let Inherited {
            tag,
            hint,
            aside,
            ancestry,
            ..
        } = top;
        // Two line breaks in a row separate paragraphs inside one element.
        let total_chars = raw.chars().count().max(1) as u32;
        let parts: Vec<&str> = if memchr::memmem::find(raw.as_bytes(), b"\n\n").is_some() {
            raw.split("\n\n").collect()
        } else {
            vec![raw.as_str()]
        };
        for part in parts {
            let text = collapse(part);
            if text.is_empty() {
                continue;
            }
            let mut block = Block::new(text, tag);
            let share = block.text.chars().count() as u32;
            block.link_chars = link_chars.min(total_chars) * share / total_chars;
            block.context = context.clone();
            block.hint = hint;
            block.teaser_box = teaser_box;
            block.print_only = print_only;
            block.related_heading = crate::blocks::is_related_heading(&block);
            block.ancestry = Rc::clone(&ancestry);
            self.blocks.push(block);
            self.aside.push(aside);
        }
    }
}
