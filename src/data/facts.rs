//! Facts and in-context pairs (Jin et al., "The Cost of Down-Scaling Language Models"), scaled
//! down: a closed-book question asks for a value stored in training (`key SEP` → the key's value
//! in a fixed table); an open-book question gives the pairs in its context
//! (`k v k v k v k v query SEP` → the value paired with `query`). Plain token vectors, no tensors.
//!
//! Vocabulary: values `0..values`, then SEP, then the fact keys, then the context keys (disjoint
//! from the fact keys, so no open-book question can be answered from memory).

use crate::rng::Rng;

/// The vocabulary and the fact table.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    /// Answer tokens (the model predicts one of them).
    pub values: usize,
    /// Keys whose values are stored in training.
    pub keys: usize,
    /// Keys used only in contexts.
    pub context_keys: usize,
    /// Pairs given in an open-book question's context.
    pub pairs: usize,
    /// The value of each fact key, `[keys]` (seeded).
    pub table: Vec<u32>,
}

/// A batch of questions of one kind: tokens `[len, seq]` and answers `[len]` (value indices).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Questions {
    /// Tokens, row-major `[len, seq]`.
    pub tokens: Vec<u32>,
    /// The value each question asks for.
    pub answers: Vec<u32>,
    /// Tokens per question.
    pub seq: usize,
}

impl Questions {
    /// Number of questions.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// Questions `start..end`.
    pub fn slice(&self, start: usize, end: usize) -> Questions {
        Questions {
            tokens: self.tokens[start * self.seq..end * self.seq].to_vec(),
            answers: self.answers[start..end].to_vec(),
            seq: self.seq,
        }
    }
}

impl Facts {
    /// Table `index` of `keys` facts over `values` values, from `seed` (one table per index).
    pub fn new(values: usize, keys: usize, context_keys: usize, pairs: usize, seed: u64, index: u64) -> Self {
        let mut rng = Rng::for_component(seed, "fact-table", index);
        let table = (0..keys).map(|_| rng.below(values) as u32).collect();
        Self { values, keys, context_keys, pairs, table }
    }

    /// The separator token.
    pub fn sep(&self) -> u32 {
        self.values as u32
    }

    /// Token of fact key `k`.
    pub fn fact_key(&self, k: usize) -> u32 {
        (self.values + 1 + k) as u32
    }

    /// Token of context key `k`.
    pub fn context_key(&self, k: usize) -> u32 {
        (self.values + 1 + self.keys + k) as u32
    }

    /// Tokens in all.
    pub fn vocab(&self) -> usize {
        self.values + 1 + self.keys + self.context_keys
    }

    /// Tokens of an open-book question: `2·pairs + 2`.
    pub fn open_len(&self) -> usize {
        2 * self.pairs + 2
    }

    /// Closed-book questions for fact keys `keys`: `key SEP`, `[len, 2]`.
    pub fn closed(&self, keys: impl IntoIterator<Item = usize>) -> Questions {
        let mut q = Questions { seq: 2, ..Default::default() };
        for k in keys {
            q.tokens.extend([self.fact_key(k), self.sep()]);
            q.answers.push(self.table[k]);
        }
        q
    }

    /// `n` closed-book questions about facts drawn uniformly (with replacement) by `rng`.
    pub fn sample_closed(&self, n: usize, rng: &mut Rng) -> Questions {
        let keys: Vec<usize> = (0..n).map(|_| rng.below(self.keys)).collect();
        self.closed(keys)
    }

    /// `n` open-book questions: `pairs` distinct context keys with random values, then one of
    /// those keys and SEP, `[n, 2·pairs + 2]`.
    pub fn sample_open(&self, n: usize, rng: &mut Rng) -> Questions {
        let mut q = Questions { seq: self.open_len(), ..Default::default() };
        for _ in 0..n {
            let mut keys: Vec<usize> = Vec::with_capacity(self.pairs);
            while keys.len() < self.pairs {
                let k = rng.below(self.context_keys);
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            let values: Vec<u32> = (0..self.pairs).map(|_| rng.below(self.values) as u32).collect();
            for (k, v) in keys.iter().zip(&values) {
                q.tokens.extend([self.context_key(*k), *v]);
            }
            let asked = rng.below(self.pairs);
            q.tokens.extend([self.context_key(keys[asked]), self.sep()]);
            q.answers.push(values[asked]);
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_have_their_layout_and_answers() {
        let facts = Facts::new(64, 100, 64, 4, 7, 0);
        assert_eq!(facts.vocab(), 64 + 1 + 100 + 64);
        assert_eq!(facts, Facts::new(64, 100, 64, 4, 7, 0), "seeded");
        assert!(facts.table.iter().all(|&v| v < 64));
        assert_ne!(facts.table, Facts::new(64, 100, 64, 4, 7, 1).table, "one table per index");
        let closed = facts.closed([3, 99]);
        assert_eq!(closed.tokens, vec![68, 64, 164, 64]);
        assert_eq!(closed.answers, vec![facts.table[3], facts.table[99]]);
        let mut rng = Rng::new(1);
        let open = facts.sample_open(50, &mut rng);
        assert_eq!((open.len(), open.seq, open.tokens.len()), (50, 10, 500));
        for (row, answer) in open.tokens.chunks(10).zip(&open.answers) {
            let keys: Vec<u32> = row[..8].iter().step_by(2).copied().collect();
            assert!(keys.iter().all(|k| (165..229).contains(k)), "context keys only: {row:?}");
            let mut distinct = keys.clone();
            distinct.dedup();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), 4, "{row:?}");
            assert_eq!(row[9], 64);
            let at = keys.iter().position(|&k| k == row[8]).expect("the query is one of the keys");
            assert_eq!(row[2 * at + 1], *answer);
        }
        assert_eq!(open.slice(2, 5).answers, open.answers[2..5].to_vec());
    }
}
