//! Graphs typed by people: the paper's text form `u,v|u,v|…|u,v/source,goal`, read and checked
//! against a shape (what the path-star page's "ask" box sends to the models).

use super::{Graph, Shape};

impl Shape {
    /// Reads a graph a person typed in the paper's text form, `u,v|u,v|…|u,v/source,goal`
    /// (an `=path` tail, spaces and line breaks are ignored), and checks that it is a path-star
    /// of this shape: `d` arms of `l − 1` nodes from the source, the goal ending one of them,
    /// every label below N and used once. Returns the graph with its true path, or what is wrong.
    pub fn read_text(&self, text: &str) -> Result<Graph, String> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let before_answer = compact.split('=').next().unwrap_or_default();
        let (edge_text, task) = before_answer
            .split_once('/')
            .ok_or("write the edges, then '/', then the source and the goal: 9,1|7,2|…/7,1")?;
        let label = |t: &str| -> Result<u32, String> {
            let v: u32 = t.parse().map_err(|_| format!("'{t}' is not a node label"))?;
            if (v as usize) < self.labels {
                Ok(v)
            } else {
                Err(format!("label {v} is not below N = {}", self.labels))
            }
        };
        let pair = |t: &str| -> Result<(u32, u32), String> {
            let (a, b) = t.split_once(',').ok_or(format!("'{t}' is not a pair u,v"))?;
            Ok((label(a)?, label(b)?))
        };
        let edges: Vec<(u32, u32)> = edge_text.split('|').map(pair).collect::<Result<_, _>>()?;
        let (source, goal) =
            task.split_once(',').ok_or(format!("after '/' comes source,goal, not '{task}'"))?;
        let (source, goal) = (
            label(source).map_err(|e| format!("source: {e}"))?,
            label(goal).map_err(|e| format!("goal: {e}"))?,
        );
        if edges.len() != self.edges() {
            return Err(format!(
                "a G({}, {}, {}) graph has {} edges; this one has {}",
                self.degree,
                self.path_len,
                self.labels,
                self.edges(),
                edges.len()
            ));
        }
        let mut arms = Vec::new();
        for &(u, v) in edges.iter().filter(|e| e.0 == source) {
            let mut arm = vec![u, v];
            while let Some(&(_, next)) = edges.iter().find(|e| e.0 == *arm.last().unwrap()) {
                if arm.contains(&next) || arm.len() > self.path_len {
                    return Err("the edges form a cycle".into());
                }
                arm.push(next);
            }
            arms.push(arm);
        }
        let star = arms.len() == self.degree && arms.iter().all(|a| a.len() == self.path_len);
        let mut labels: Vec<u32> = edges.iter().flat_map(|&(u, v)| [u, v]).collect();
        labels.sort_unstable();
        labels.dedup();
        if !star || labels.len() != self.nodes() {
            return Err(format!(
                "not a path-star: {} arms of {} nodes must leave the source {source}, without branching or sharing \
                    nodes",
                self.degree,
                self.path_len - 1
            ));
        }
        let path = arms
            .into_iter()
            .find(|a| a.last() == Some(&goal))
            .ok_or(format!("the goal {goal} does not end an arm"))?;
        Ok(Graph { edges, source, goal, path })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    const SHAPE: Shape = Shape { degree: 2, path_len: 5, labels: 50 };

    #[test]
    fn typed_graphs_are_read_and_checked() {
        let shape = Shape { degree: 2, path_len: 3, labels: 10 };
        let g = shape.read_text(" 9,1 | 7,2|2,5|7,9 / 7,1 =7,9,1").unwrap();
        assert_eq!(
            g,
            Graph { edges: vec![(9, 1), (7, 2), (2, 5), (7, 9)], source: 7, goal: 1, path: vec![7, 9, 1] }
        );
        let mut rng = Rng::new(5);
        for _ in 0..50 {
            let g = SHAPE.sample(&mut rng);
            assert_eq!(SHAPE.read_text(&SHAPE.text(&g)), Ok(g));
        }
        let err = |t: &str| shape.read_text(t).unwrap_err();
        assert!(err("9,1|7,2|2,5|7,9").contains("'/'"));
        assert!(err("9,1|7,2|2,5|7,9/7,12").contains("not below N = 10"));
        assert!(err("9,1|7,2|2,5/7,1").contains("has 4 edges; this one has 3"));
        assert!(err("9,1|7,2|2,5|7,9/7").contains("source,goal"));
        assert!(err("9,1|7,2|2,5|7,9/7,5x").contains("goal: '5x' is not a node label"));
        assert!(err("9,1|7,2|2,9|7,9/7,1").contains("not a path-star"));
        assert!(err("9,1|7,2|2,5|7,9/7,2").contains("does not end an arm"));
        assert!(
            err("1,9|9,1|2,5|7,9/7,1").contains("cycle") || err("1,9|9,1|2,5|7,9/7,1").contains("path-star")
        );
    }
}
