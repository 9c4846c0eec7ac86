//! Deduplication of preference lists: a flat arena of `u32` lists and an open-addressing hash
//! table over them (FxHash-style multiply-rotate hashing, linear probing). Faster than a
//! `HashMap<Vec<u32>, _>`: one arena instead of one allocation per list, and no SipHash.
//!
//! The one table of distinct ballots: [`super::BallotBox`] (and so every parser) and Meek's
//! count use it. With 10^6 distinct ballots the table no longer fits in the caches, so
//! [`Dedup::add_soon`] only hashes a list and keeps it with the next ones; every [`BATCH`] lists
//! (or at [`Dedup::add`], or at [`Dedup::flush`]), the slots of the whole batch are loaded first,
//! then the lists they name, so that the processor waits for those memory reads together rather
//! than one after the other, and then the batch goes in the table in order.

/// Distinct lists with summed weights, in order of first appearance.
#[derive(Debug, Default)]
pub(crate) struct Dedup {
    /// List `i` is `data[starts[i]..starts[i + 1]]`.
    pub data: Vec<u32>,
    pub starts: Vec<usize>,
    pub weights: Vec<u64>,
    /// Slots hold `(index + 1) << 32 | low 32 bits of the hash`; 0 is empty. Length is a power of two. Keeping
    /// the hash in the slot avoids touching the arena for most mismatches and for rehashing.
    table: Vec<u64>,
    /// The lists waiting to be put in the table: `(end in pending_lists, weight, hash)`.
    pending: Vec<(usize, u64, u64)>,
    pending_lists: Vec<u32>,
}

/// How many lists [`Dedup::add_soon`] puts in the table together.
const BATCH: usize = 64;

#[inline]
fn hash(list: &[u32]) -> u64 {
    let mut h: u64 = list.len() as u64;
    for &x in list {
        h = (h.rotate_left(5) ^ u64::from(x)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    // MurmurHash3's finaliser, so that the low bits used as a slot depend on every input bit.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Loads `x` and does nothing with it, to have it in the cache for later: several such loads in
/// a row are waited for together.
#[inline(always)]
fn touch<T: Copy>(x: &T) {
    std::hint::black_box(*x);
}

impl Dedup {
    pub fn new() -> Self {
        Self {
            data: Vec::new(),
            starts: vec![0],
            weights: Vec::new(),
            table: vec![0; 1024],
            pending: Vec::new(),
            pending_lists: Vec::new(),
        }
    }

    /// Distinct lists so far (after [`Self::flush`] if [`Self::add_soon`] was used).
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn get(&self, i: usize) -> &[u32] {
        &self.data[self.starts[i]..self.starts[i + 1]]
    }

    /// Adds `weight` to `list`, inserting it if new; returns the list's index.
    #[inline]
    pub fn add(&mut self, list: &[u32], weight: u64) -> usize {
        self.flush();
        self.insert(list, weight, hash(list))
    }

    /// [`Self::add`], done together with the next ones (see the module's documentation). The
    /// order of first appearance is kept.
    #[inline]
    pub fn add_soon(&mut self, list: &[u32], weight: u64) {
        self.pending_lists.extend_from_slice(list);
        self.pending
            .push((self.pending_lists.len(), weight, hash(list)));
        if self.pending.len() == BATCH {
            self.flush_batch();
        }
    }

    /// Puts the lists waiting since [`Self::add_soon`] in the table, in order.
    #[inline]
    pub fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.flush_batch();
        }
    }

    fn flush_batch(&mut self) {
        while (self.len() + self.pending.len()) * 2 > self.table.len() {
            self.grow();
        }
        let mask = self.table.len() - 1;
        for &(_, _, hash) in &self.pending {
            touch(&self.table[hash as usize & mask]);
        }
        // The lists that the first slots name (when their tags match): where they start, then
        // their first element.
        let named = |table: &[u64], hash: u64| {
            let entry = table[hash as usize & mask];
            (entry != 0 && entry & 0xffff_ffff == hash & 0xffff_ffff)
                .then(|| (entry >> 32) as usize - 1)
        };
        for &(_, _, hash) in &self.pending {
            if let Some(i) = named(&self.table, hash) {
                touch(&self.starts[i]);
            }
        }
        for &(_, _, hash) in &self.pending {
            if let Some(first) =
                named(&self.table, hash).and_then(|i| self.data.get(self.starts[i]))
            {
                touch(first);
            }
        }
        let pending = std::mem::take(&mut self.pending);
        let lists = std::mem::take(&mut self.pending_lists);
        let mut start = 0;
        for &(end, weight, hash) in &pending {
            self.insert(&lists[start..end], weight, hash);
            start = end;
        }
        self.pending = pending;
        self.pending.clear();
        self.pending_lists = lists;
        self.pending_lists.clear();
    }

    #[inline]
    fn insert(&mut self, list: &[u32], weight: u64, hash: u64) -> usize {
        if (self.len() + 1) * 2 > self.table.len() {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let tag = hash & 0xffff_ffff;
        let mut slot = tag as usize & mask;
        loop {
            let entry = self.table[slot];
            if entry == 0 {
                self.table[slot] = (self.len() as u64 + 1) << 32 | tag;
                self.data.extend_from_slice(list);
                self.starts.push(self.data.len());
                self.weights.push(weight);
                return self.len() - 1;
            }
            let i = (entry >> 32) as usize - 1;
            if entry & 0xffff_ffff == tag && self.get(i) == list {
                self.weights[i] = self.weights[i].saturating_add(weight);
                return i;
            }
            slot = (slot + 1) & mask;
        }
    }

    #[cold]
    fn grow(&mut self) {
        let size = self.table.len() * 2;
        let mut table = vec![0u64; size];
        let mask = size - 1;
        for &entry in self.table.iter().filter(|&&e| e != 0) {
            let mut slot = (entry & 0xffff_ffff) as usize & mask;
            while table[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            table[slot] = entry;
        }
        self.table = table;
    }
}

#[cfg(test)]
mod tests {
    use super::Dedup;

    #[test]
    fn merges_identical_lists_in_first_appearance_order() {
        let mut d = Dedup::new();
        for i in 0..5000u32 {
            d.add(&[i % 700, 1, 2], 1);
        }
        d.add(&[], 3);
        assert_eq!(d.len(), 701);
        assert_eq!(d.get(0), &[0, 1, 2]);
        assert_eq!(d.weights[0], 8);
        assert_eq!(d.weights[699], 7);
        assert_eq!(d.get(700), &[] as &[u32]);
        assert_eq!(d.weights[700], 3);
    }

    #[test]
    fn lists_added_soon_or_at_once_give_the_same_table() {
        let lists: Vec<Vec<u32>> = (0..20_000u32)
            .map(|i| vec![(i * 7919) % 3001, i % 5, (i / 3) % 11])
            .collect();
        let mut now = Dedup::new();
        let mut soon = Dedup::new();
        for (i, l) in lists.iter().enumerate() {
            let w = (i % 4) as u64;
            now.add(l, w);
            // Mixed: most batched, some at once (which puts the waiting ones in first).
            if i % 97 == 0 {
                soon.add(l, w);
            } else {
                soon.add_soon(l, w);
            }
        }
        soon.flush();
        assert_eq!(now.len(), soon.len());
        assert_eq!(now.weights, soon.weights);
        assert_eq!(now.data, soon.data);
        assert_eq!(now.starts, soon.starts);
    }
}
