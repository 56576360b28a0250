//! Campaign boxes shared by the report pages of one pass that show them.
//!
//! A report shows its campaign's box as of its date (`job_views::campaign_box`),
//! and so do the other reports of that campaign dated that day (~2 a day at
//! 10,000 reports). Each box is made and digested once for the pages counted
//! to show it (tera values are reference-counted) and let go of when the
//! last of them has taken it, so boxes do not pile up over a pass.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDate;
use tera::Value;

use super::counted::Counted;
use super::engine::BoxAsOf;
use crate::guard::lock;
use crate::model::{CampaignId, PageId, Site};

/// Each box, while pages counted to show it are yet to take it.
#[derive(Default)]
pub(super) struct SharedBoxes {
    /// The box and its digest.
    slots: HashMap<BoxAsOf, Mutex<Counted<(Value, u64)>>>,
}

impl SharedBoxes {
    /// Counts the boxes pages `ids` show: each page's campaign as of its date.
    pub(super) fn expect(site: &Site, ids: &[PageId]) -> SharedBoxes {
        let mut boxes = SharedBoxes::default();
        for &i in ids {
            let p = &site.pages[i];
            if let Some(c) = p.campaign {
                let key = (c, p.date.map(|w| w.date()));
                lock(boxes.slots.entry(key).or_default()).left += 1;
            }
        }
        boxes
    }

    /// Campaign `c`'s box as of `day` and its digest, for a page showing
    /// it: the one an earlier page made while later ones are counted to
    /// show it, else made by `make`. A showing not counted is made for its
    /// page alone.
    pub(super) fn take(&self, c: CampaignId, day: Option<NaiveDate>, make: impl FnOnce() -> Value) -> (Value, u64) {
        let made = || {
            let value = make();
            let digest = crate::digest::digest_value(&value);
            (value, digest)
        };
        match self.slots.get(&(c, day)) {
            Some(slot) => Counted::take(slot, made),
            None => made(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IdVec;
    use std::cell::Cell;

    /// A box counted for three pages is made once and let go of at the
    /// third; one not counted is made for each page; no page is given
    /// another day's box.
    #[test]
    fn a_box_is_made_once_for_the_pages_counted_and_let_go_of_after_the_last() {
        let campaigns: IdVec<CampaignId, ()> = IdVec::from_vec(vec![()]);
        let c = campaigns.ids().next().expect("one campaign");
        let days = [NaiveDate::from_ymd_opt(2024, 3, 1), NaiveDate::from_ymd_opt(2024, 3, 2)];
        let mut slots = HashMap::new();
        let slot = Mutex::new(Counted::default());
        lock(&slot).left = 3;
        slots.insert((c, days[0]), slot);
        let shared = SharedBoxes { slots };
        let made = Cell::new(0);
        let make = |day: Option<NaiveDate>| {
            made.set(made.get() + 1);
            Value::from(format!("box {day:?}"))
        };
        for _ in 0..3 {
            let (value, digest) = shared.take(c, days[0], || make(days[0]));
            assert_eq!(value, Value::from(format!("box {:?}", days[0])));
            assert_eq!(digest, crate::digest::digest_value(&value), "the digest of the box given");
        }
        assert_eq!(made.get(), 1, "made once for its three pages");
        assert!(!Counted::holds(&shared.slots[&(c, days[0])]), "let go of after its last page");
        assert_eq!(shared.take(c, days[1], || make(days[1])).0, Value::from(format!("box {:?}", days[1])));
        shared.take(c, days[0], || make(days[0]));
        assert_eq!(made.get(), 3, "boxes not counted are made for their page");
    }
}
