//! k-hop pointer chasing, the pause-tokens demo's task: an array `a` of `n` pointers (a uniform
//! random permutation of `0..n`, so that no value is likelier than another) and a start `s`; the
//! answer is `a^k(s)`, the pointer reached after `k` hops. A sequence is the array, a separator
//! and the start, then what the arm adds before the answer:
//!
//! - no extra tokens: the answer is read at the start token itself;
//! - pauses: `M` learnable `<pause>` tokens, the answer read at the last of them (Goyal et al.);
//! - chain of thought: the `k − 1` intermediate pointers `a(s), …, a^(k−1)(s)`, each written by
//!   the model (given in training, generated when judged), the answer after the last of them.
//!
//! Tokens: `0..n` the pointers, `n` the pause, `n + 1` the separator.

use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// What a model may write or read between the question and its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Arm {
    /// No extra tokens: the answer is read at the start token.
    #[default]
    None,
    /// `M` pause tokens appended, the answer read at the last one.
    Pause,
    /// Chain of thought: the intermediate pointers, written one by one.
    Cot,
}

impl Arm {
    /// All three, in the page's order.
    pub const ALL: [Arm; 3] = [Arm::None, Arm::Pause, Arm::Cot];

    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            Arm::None => "no extra tokens",
            Arm::Pause => "pauses",
            Arm::Cot => "chain of thought",
        }
    }

    /// Its name in URLs, JSON and tests.
    pub fn key(self) -> &'static str {
        match self {
            Arm::None => "none",
            Arm::Pause => "pause",
            Arm::Cot => "cot",
        }
    }
}

/// The task's size: `pointers` pointers, `hops` hops, `pauses` pause tokens in the pause arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Task {
    /// Pointers in the array, n.
    pub pointers: usize,
    /// Hops to the answer, k.
    pub hops: usize,
    /// Pause tokens of the pause arm, M.
    pub pauses: usize,
}

/// One question: the array and the start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chase {
    /// `a[i]`: where pointer `i` points.
    pub array: Vec<u32>,
    /// The start, s.
    pub start: u32,
}

impl Chase {
    /// The pointers visited from the start: `a(s), a²(s), …, a^hops(s)` (the last is the answer).
    pub fn walk(&self, hops: usize) -> Vec<u32> {
        let mut at = self.start;
        (0..hops)
            .map(|_| {
                at = self.array[at as usize];
                at
            })
            .collect()
    }

    /// The answer after `hops` hops.
    pub fn answer(&self, hops: usize) -> u32 {
        self.walk(hops).last().copied().unwrap_or(self.start)
    }
}

impl Task {
    /// The pause token.
    pub fn pause(&self) -> u32 {
        self.pointers as u32
    }

    /// The separator between the array and the start.
    pub fn separator(&self) -> u32 {
        self.pointers as u32 + 1
    }

    /// Tokens in the vocabulary.
    pub fn vocab(&self) -> usize {
        self.pointers + 2
    }

    /// Tokens before anything the arm adds: the array, the separator and the start.
    pub fn question_len(&self) -> usize {
        self.pointers + 2
    }

    /// Tokens the arm adds after the question.
    pub fn extra(&self, arm: Arm) -> usize {
        match arm {
            Arm::None => 0,
            Arm::Pause => self.pauses,
            Arm::Cot => self.hops - 1,
        }
    }

    /// The model's input length in `arm`.
    pub fn seq_len(&self, arm: Arm) -> usize {
        self.question_len() + self.extra(arm)
    }

    /// Positions whose predictions are trained and read, the last ones of the input: the answer
    /// alone, or in the chain of thought every hop.
    pub fn targets_len(&self, arm: Arm) -> usize {
        if arm == Arm::Cot { self.hops } else { 1 }
    }

    /// The longest input of any arm (the model's learned positions).
    pub fn block_size(&self) -> usize {
        Arm::ALL.iter().map(|&a| self.seq_len(a)).max().unwrap_or(1)
    }

    /// A question drawn from `rng`.
    pub fn sample(&self, rng: &mut Rng) -> Chase {
        let array = rng.permutation(self.pointers).into_iter().map(|p| p as u32).collect();
        Chase { array, start: rng.below(self.pointers) as u32 }
    }

    /// The question: the array, the separator and the start.
    pub fn question(&self, chase: &Chase) -> Vec<u32> {
        let mut t = chase.array.clone();
        t.push(self.separator());
        t.push(chase.start);
        t
    }

    /// The model's input in `arm` (in the chain of thought, with the true intermediate pointers).
    pub fn input(&self, chase: &Chase, arm: Arm) -> Vec<u32> {
        let mut t = self.question(chase);
        match arm {
            Arm::None => {}
            Arm::Pause => t.extend(std::iter::repeat_n(self.pause(), self.pauses)),
            Arm::Cot => t.extend(&chase.walk(self.hops)[..self.hops - 1]),
        }
        t
    }

    /// The targets of the last [`Task::targets_len`] positions: the answer, or every hop.
    pub fn targets(&self, chase: &Chase, arm: Arm) -> Vec<u32> {
        if arm == Arm::Cot { chase.walk(self.hops) } else { vec![chase.answer(self.hops)] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task() -> Task {
        Task { pointers: 8, hops: 4, pauses: 8 }
    }

    #[test]
    fn questions_are_permutations_and_the_walk_follows_them() {
        let mut rng = Rng::new(3);
        let chase = task().sample(&mut rng);
        let mut sorted = chase.array.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..8).collect::<Vec<u32>>());
        let walk = chase.walk(4);
        assert_eq!(walk[0], chase.array[chase.start as usize]);
        assert_eq!(walk[3], chase.array[walk[2] as usize]);
        assert_eq!(chase.answer(4), walk[3]);
        let fixed = Chase { array: vec![1, 0, 2], start: 2 };
        assert_eq!(fixed.walk(3), [2, 2, 2]);
        assert_eq!(Chase { array: vec![1, 0], start: 0 }.answer(2), 0, "a cycle of two, twice");
    }

    #[test]
    fn each_arm_adds_its_tokens_and_reads_its_targets_at_the_end() {
        let t = task();
        let chase = Chase { array: vec![3, 0, 1, 2, 5, 6, 7, 4], start: 0 };
        let question = [3, 0, 1, 2, 5, 6, 7, 4, 9, 0];
        assert_eq!(t.input(&chase, Arm::None), question);
        assert_eq!(t.input(&chase, Arm::Pause)[10..], [8; 8]);
        // 0 → 3 → 2 → 1 → 0: the chain of thought holds the first three, the answer is the fourth.
        assert_eq!(t.input(&chase, Arm::Cot)[10..], [3, 2, 1]);
        assert_eq!(t.targets(&chase, Arm::Cot), [3, 2, 1, 0]);
        assert_eq!(t.targets(&chase, Arm::Pause), [0]);
        for arm in Arm::ALL {
            assert_eq!(t.input(&chase, arm).len(), t.seq_len(arm));
            assert_eq!(t.targets(&chase, arm).len(), t.targets_len(arm));
        }
        assert_eq!((t.vocab(), t.block_size()), (10, 18));
        let one = Task { hops: 1, ..t };
        assert!(one.input(&chase, Arm::Cot) == question && one.targets(&chase, Arm::Cot) == [3]);
    }
}
