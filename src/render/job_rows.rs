//! Project table rows shared by the pages of one build that show them.
//!
//! A project's row is shown by every table listing it: the project index,
//! each of its campaigns' lists and its county's (~16 tables a project at
//! 10,000 reports). Made once and copied (tera values are reference-counted),
//! each row is let go of when the last page counted to show it has taken it:
//! kept to the end of the build, the rows raised its peak memory.

use std::sync::Mutex;

use tera::Value;

use super::counted::Counted;
use super::engine;
use super::job_kinds::{self, Job};
use super::job_parts::{Ctx, Entity, Part};
use super::jobs::Inputs;
use crate::guard::lock;
use crate::model::{Id, ProjectId};

/// Each project's row, while pages counted to show it are yet to take it.
#[derive(Default)]
pub(super) struct SharedRows {
    slots: Vec<Mutex<Counted<Value>>>,
}

impl SharedRows {
    pub(super) fn new(projects: usize) -> SharedRows {
        SharedRows { slots: (0..projects).map(|_| Mutex::default()).collect() }
    }

    /// Counts the rows each of `tables` (the project table of a page) shows.
    pub(super) fn expect<'p>(&self, tables: impl Iterator<Item = &'p Part>) {
        let mut counts = vec![0u32; self.slots.len()];
        for part in tables {
            if let Part::Rows(rows) = part {
                for e in rows {
                    if let Entity::ProjectRow(p) = e {
                        counts[p.index()] += 1;
                    }
                }
            }
        }
        for (slot, n) in self.slots.iter().zip(counts) {
            lock(slot).left += n;
        }
    }

    /// Project `p`'s row for a page showing it (`Counted::take`).
    pub(super) fn take(&self, p: ProjectId, make: impl FnOnce() -> Value) -> Value {
        match self.slots.get(p.index()) {
            Some(slot) => Counted::take(slot, make),
            None => make(),
        }
    }
}

/// Counts the rows that the project tables of `jobs`' pages show (their
/// recipes' `projects`), before any of them is rendered.
pub(super) fn expect(inp: &Inputs, rows: &SharedRows, jobs: &[Job]) {
    use rayon::prelude::*;
    let may_show = |j: &&Job| matches!(j, Job::Campaign(_) | Job::County(_) | Job::Projects | Job::List { .. });
    // Made to be digested only: no value, and what they read is not noted.
    let (recipes, _) = engine::record(|| {
        jobs.par_iter().filter(may_show).map(|j| job_kinds::context(inp, j, false).2).collect::<Vec<Ctx>>()
    });
    rows.expect(recipes.iter().filter_map(|c| c.part_named("projects")));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IdVec;
    use std::cell::Cell;

    /// A row counted for three tables is made once and let go of at the
    /// third; one not counted is made for each table; no table is given
    /// another project's row.
    #[test]
    fn a_row_is_made_once_for_the_tables_counted_and_let_go_of_after_the_last() {
        let projects: IdVec<ProjectId, ()> = IdVec::from_vec(vec![(); 3]);
        let p: Vec<ProjectId> = projects.ids().collect();
        let shared = SharedRows::new(p.len());
        shared.expect([Part::projects(&p[..2]), Part::projects(&p[..1]), Part::projects(&p[..1])].iter());
        let made = Cell::new(0);
        let make = |i: usize| {
            made.set(made.get() + 1);
            Value::from(format!("row {i}"))
        };
        for _ in 0..3 {
            assert_eq!(shared.take(p[0], || make(0)), Value::from("row 0"));
        }
        assert_eq!(made.get(), 1, "made once for its three tables");
        assert!(!Counted::holds(&shared.slots[0]), "let go of after its last table");
        assert_eq!(shared.take(p[1], || make(1)), Value::from("row 1"));
        assert!(!Counted::holds(&shared.slots[1]), "one table: not kept");
        shared.take(p[2], || make(2));
        shared.take(p[0], || make(0));
        assert_eq!(made.get(), 4, "rows not counted are made for their table");
    }
}
