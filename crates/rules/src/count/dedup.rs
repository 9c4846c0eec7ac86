//! Deduplication of preference lists: a flat arena of `u32` lists and an open-addressing hash
//! table over them (FxHash-style multiply-rotate hashing, linear probing). Faster than a
//! `HashMap<Vec<u32>, _>`: one arena instead of one allocation per list, and no SipHash.

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
}

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

impl Dedup {
    pub fn new() -> Self {
        Self {
            data: Vec::new(),
            starts: vec![0],
            weights: Vec::new(),
            table: vec![0; 1024],
        }
    }

    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn get(&self, i: usize) -> &[u32] {
        &self.data[self.starts[i]..self.starts[i + 1]]
    }

    /// Adds `weight` to `list`, inserting it if new; returns the list's index.
    pub fn add(&mut self, list: &[u32], weight: u64) -> usize {
        if (self.len() + 1) * 2 > self.table.len() {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let tag = hash(list) & 0xffff_ffff;
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

    fn grow(&mut self) {
        let size = self.table.len() * 2;
        let mut table = vec![0u64; size];
        for &entry in &self.table {
            if entry == 0 {
                continue;
            }
            let mut slot = (entry & 0xffff_ffff) as usize & (size - 1);
            while table[slot] != 0 {
                slot = (slot + 1) & (size - 1);
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
}
