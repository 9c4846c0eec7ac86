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
    /// Slots hold `index + 1`; 0 is empty. Length is a power of two.
    table: Vec<u32>,
}

fn hash(list: &[u32]) -> u64 {
    let mut h: u64 = list.len() as u64;
    for &x in list {
        h = (h.rotate_left(5) ^ u64::from(x)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h ^ (h >> 29)
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

    /// Adds `weight` to `list`, inserting it if new.
    pub fn add(&mut self, list: &[u32], weight: u64) {
        if (self.len() + 1) * 2 > self.table.len() {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let mut slot = hash(list) as usize & mask;
        loop {
            let entry = self.table[slot];
            if entry == 0 {
                self.table[slot] = self.len() as u32 + 1;
                self.data.extend_from_slice(list);
                self.starts.push(self.data.len());
                self.weights.push(weight);
                return;
            }
            let i = entry as usize - 1;
            if self.get(i) == list {
                self.weights[i] = self.weights[i].saturating_add(weight);
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = self.table.len() * 2;
        let mut table = vec![0u32; size];
        for i in 0..self.len() {
            let mut slot = hash(self.get(i)) as usize & (size - 1);
            while table[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = i as u32 + 1;
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
