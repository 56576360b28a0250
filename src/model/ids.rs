//! Typed ids of the site's entities and `IdVec`, a vector indexed by one kind
//! of id, so that a page index cannot look up a campaign. Ids are positions
//! in one build's model; what survives a rebuilt model is each entity's
//! stable key (source path, slug, project id), which the engine uses.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// A position in an `IdVec` of its own kind.
pub trait Id: Copy + Eq + Ord + std::hash::Hash + fmt::Debug {
    fn new(index: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl Id for $name {
            fn new(index: usize) -> Self {
                Self(u32::try_from(index).expect("fewer than 2^32 entities"))
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        // Contexts and digests see the plain number, as before ids were typed.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u64(u64::from(self.0))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let n = <u64 as serde::Deserialize>::deserialize(d)?;
                u32::try_from(n).map(Self).map_err(serde::de::Error::custom)
            }
        }
    )*};
}

ids! {
    /// A content file read (`Site::sources`).
    SourceId;
    /// A page (`Site::pages`).
    PageId;
    /// A section (`Site::sections`).
    SectionId;
    /// A campaign (`Site::campaigns`, `Derived::campaigns`).
    CampaignId;
    /// A tag (`Site::tags`).
    TagId;
    /// A county (`Site::counties`, `Derived::counties`).
    CountyId;
    /// A year of the archives (`Site::archives`).
    YearId;
    /// A month of one year's archive (`Archive::months`).
    MonthId;
    /// A metric of one campaign (`CampaignProgress::metrics`, in declaration order).
    MetricId;
    /// A project (`Derived::projects`).
    ProjectId;
    /// A series of campaign rounds (`Derived::series`).
    SeriesId;
}

impl SectionId {
    /// The home page's section (content/ itself), the first by folder.
    pub const HOME: SectionId = SectionId(0);
}

/// A vector indexed by ids of one kind. Another kind of id does not compile:
///
/// ```compile_fail
/// use gongjian::model::{CampaignId, Id, IdVec, PageId};
/// let pages: IdVec<PageId, &str> = IdVec::from_vec(vec!["a"]);
/// let _ = pages[CampaignId::new(0)];
/// ```
pub struct IdVec<I, T> {
    items: Vec<T>,
    kind: PhantomData<fn(I) -> I>,
}

impl<I: Id, T> IdVec<I, T> {
    pub fn new() -> Self {
        Self::from_vec(Vec::new())
    }

    pub fn with_capacity(n: usize) -> Self {
        Self::from_vec(Vec::with_capacity(n))
    }

    pub fn from_vec(items: Vec<T>) -> Self {
        IdVec { items, kind: PhantomData }
    }

    /// Appends `item` and returns its id.
    pub fn push(&mut self, item: T) -> I {
        let id = I::new(self.items.len());
        self.items.push(item);
        id
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    /// The id the next `push` gives.
    pub fn next_id(&self) -> I {
        I::new(self.items.len())
    }
    pub fn get_mut(&mut self, id: I) -> Option<&mut T> {
        self.items.get_mut(id.index())
    }
    /// The id of the first item that satisfies `pred`.
    pub fn position(&self, pred: impl FnMut(&T) -> bool) -> Option<I> {
        self.items.iter().position(pred).map(I::new)
    }

    /// The id of the item `cmp` finds by binary search, the items being
    /// sorted by what it compares.
    pub fn binary_search_by(&self, cmp: impl FnMut(&T) -> std::cmp::Ordering) -> Option<I> {
        self.items.binary_search_by(cmp).ok().map(I::new)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Every id, for rayon.
    pub fn par_ids(&self) -> impl rayon::iter::IndexedParallelIterator<Item = I>
    where
        I: Send,
    {
        use rayon::iter::{IntoParallelIterator, ParallelIterator};
        (0..self.items.len()).into_par_iter().map(I::new)
    }

    /// Every item with its id, for rayon.
    pub fn par_iter_enumerated(&self) -> impl rayon::iter::IndexedParallelIterator<Item = (I, &T)>
    where
        I: Send,
        T: Sync,
    {
        use rayon::iter::{IndexedParallelIterator, IntoParallelRefIterator};
        self.par_ids().zip(self.items.par_iter())
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + Clone {
        (0..self.items.len()).map(I::new)
    }

    /// Every item with its id.
    pub fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator {
        self.items.iter().enumerate().map(|(i, t)| (I::new(i), t))
    }

    pub fn iter_enumerated_mut(&mut self) -> impl DoubleEndedIterator<Item = (I, &mut T)> + ExactSizeIterator {
        self.items.iter_mut().enumerate().map(|(i, t)| (I::new(i), t))
    }

    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<I: Id, T> Default for IdVec<I, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<I: Id, T: Clone> Clone for IdVec<I, T> {
    fn clone(&self) -> Self {
        Self::from_vec(self.items.clone())
    }
}

impl<I: Id, T: PartialEq> PartialEq for IdVec<I, T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<I: Id, T: fmt::Debug> fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<I: Id, T: serde::Serialize> serde::Serialize for IdVec<I, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

impl<'de, I: Id, T: serde::Deserialize<'de>> serde::Deserialize<'de> for IdVec<I, T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::deserialize(d).map(IdVec::from_vec)
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<I: Id, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        Self::from_vec(iter.into_iter().collect())
    }
}

impl<I: Id, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, I: Id, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, I: Id, T> IntoIterator for &'a mut IdVec<I, T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

impl<I: Id, T: Send> rayon::iter::FromParallelIterator<T> for IdVec<I, T> {
    fn from_par_iter<P: rayon::iter::IntoParallelIterator<Item = T>>(iter: P) -> Self {
        Self::from_vec(Vec::from_par_iter(iter))
    }
}

// `par_iter()` over the items, as on a slice.
impl<'a, I: Id, T: Sync + 'a> rayon::iter::IntoParallelIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type Iter = rayon::slice::Iter<'a, T>;
    fn into_par_iter(self) -> Self::Iter {
        rayon::iter::IntoParallelRefIterator::par_iter(self.items.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_returns_the_id_that_finds_the_item() {
        let mut pages: IdVec<PageId, &str> = IdVec::new();
        let a = pages.push("a");
        let b = pages.push("b");
        assert_eq!((pages[a], pages[b]), ("a", "b"));
        assert_eq!(pages.ids().collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(pages.iter_enumerated().map(|(i, s)| (i, *s)).collect::<Vec<_>>(), vec![(a, "a"), (b, "b")]);
        let sorted: IdVec<PageId, &str> = IdVec::from_vec(vec!["a", "c", "e"]);
        assert_eq!(sorted.binary_search_by(|x| x.cmp(&"c")), Some(PageId(1)));
        assert_eq!(sorted.binary_search_by(|x| x.cmp(&"d")), None);
    }

    /// Outside the model an id comes from its table (`push`, `position`,
    /// `ids`…), never from a bare number that may index another table.
    #[test]
    fn ids_are_made_from_numbers_only_in_the_model() {
        fn scan(dir: &std::path::Path, found: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let path = e.path();
                if path.is_dir() && !path.ends_with("src/model") {
                    scan(&path, found);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for (i, line) in text.lines().enumerate() {
                        let made = line.match_indices("Id::new").any(|(at, _)| {
                            let name = &line[..at];
                            let name = &name[name.rfind(|c: char| !c.is_ascii_alphanumeric()).map_or(0, |i| i + 1)..];
                            name.starts_with(|c: char| c.is_ascii_uppercase())
                        });
                        if made {
                            found.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        scan(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
        assert!(found.is_empty(), "ids made from numbers outside src/model:\n{}", found.join("\n"));
    }
}
