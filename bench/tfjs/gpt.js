// The path-star GPT of minima (src/models/gpt.rs) in TensorFlow.js: token and learned position
// embeddings, 2 pre-LayerNorm blocks of causal 2-head self-attention and a GELU MLP (4×), a final
// LayerNorm, the output head tied to the token embedding; cross-entropy on the 5 path positions,
// Adam (AdamW without weight decay, betas 0.9/0.99) and global-norm clipping at 1.0, as minima
// trains it. Batch 128 × 31 tokens, vocabulary 54. Timing only: the tokens are random, which
// costs the same as real graphs.
/* global tf */
const CFG = { vocab: 54, T: 31, d: 64, heads: 2, layers: 2, batch: 128, prefix: 27, pathLen: 5 };

function init() {
  const { vocab, T, d, layers } = CFG;
  const n = (shape, std) => tf.variable(tf.randomNormal(shape, 0, std));
  const z = (shape) => tf.variable(tf.zeros(shape));
  const o = (shape) => tf.variable(tf.ones(shape));
  const res = 0.02 / Math.sqrt(2 * layers);
  const p = { wte: n([vocab, d], 0.02), wpe: n([T, d], 0.02), lnfG: o([d]), lnfB: z([d]), blocks: [] };
  for (let i = 0; i < layers; i++) {
    p.blocks.push({
      ln1G: o([d]), ln1B: z([d]), wqkv: n([d, 3 * d], 0.02), bqkv: z([3 * d]), wproj: n([d, d], res), bproj: z([d]),
      ln2G: o([d]), ln2B: z([d]), wfc: n([d, 4 * d], 0.02), bfc: z([4 * d]), wfp: n([4 * d, d], res), bfp: z([d]),
    });
  }
  return p;
}

function layerNorm(x, g, b) {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).div(variance.add(1e-5).sqrt()).mul(g).add(b);
}

function gelu(x) {
  // The erf form, as burn's gelu: 0.5·x·(1 + erf(x/√2)).
  return x.mul(0.5).mul(tf.erf(x.mul(Math.SQRT1_2)).add(1));
}

function forward(p, tokens, mask) {
  const { T, d, heads, batch: B } = CFG;
  const hd = d / heads;
  // The embedding as a one-hot product: tf.gather's gradient (UnsortedSegmentSum) is missing
  // from the wasm backend in 4.22, and the product costs the same order on every backend.
  let x = tf.oneHot(tokens.reshape([B * T]), CFG.vocab).matMul(p.wte).reshape([B, T, d]).add(p.wpe); // [B, T, d]
  for (const b of p.blocks) {
    const h = layerNorm(x, b.ln1G, b.ln1B).reshape([B * T, d]);
    const qkv = h.matMul(b.wqkv).add(b.bqkv).reshape([B, T, 3, heads, hd]).transpose([2, 0, 3, 1, 4]); // [3, B, H, T, hd]
    const [q, k, v] = tf.unstack(qkv);
    const att = tf.softmax(tf.matMul(q, k, false, true).mul(1 / Math.sqrt(hd)).add(mask)); // [B, H, T, T]
    const y = tf.matMul(att, v).transpose([0, 2, 1, 3]).reshape([B * T, d]);
    x = x.add(y.matMul(b.wproj).add(b.bproj).reshape([B, T, d]));
    const m = gelu(layerNorm(x, b.ln2G, b.ln2B).reshape([B * T, d]).matMul(b.wfc).add(b.bfc));
    x = x.add(m.matMul(b.wfp).add(b.bfp).reshape([B, T, d]));
  }
  return layerNorm(x, p.lnfG, p.lnfB).reshape([B * T, d]).matMul(p.wte, false, true).reshape([B, T, CFG.vocab]);
}

function variables(p) {
  return [p.wte, p.wpe, p.lnfG, p.lnfB, ...p.blocks.flatMap((b) => Object.values(b))];
}

async function timeBackend(name, steps) {
  const ok = await tf.setBackend(name).catch((e) => { throw new Error(`${name}: ${e}`); });
  if (!ok) throw new Error(`${name}: not available`);
  await tf.ready();
  const { T, batch: B, prefix, pathLen, vocab } = CFG;
  const p = init();
  const vars = variables(p);
  const opt = tf.train.adam(1e-3, 0.9, 0.99, 1e-8);
  const maskData = new Float32Array(T * T).map((_, i) => (i % T > Math.floor(i / T) ? -1e9 : 0));
  const mask = tf.tensor(maskData, [1, 1, T, T]);
  const step = () => {
    const losses = tf.tidy(() => {
      const tokens = tf.randomUniform([B, T], 0, vocab, "int32");
      const targets = tf.randomUniform([B, pathLen], 0, vocab, "int32");
      const { value, grads } = tf.variableGrads(() => {
        const logits = forward(p, tokens, mask).slice([0, prefix - 1, 0], [B, pathLen, vocab]);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, vocab), logits);
      }, vars);
      const names = Object.keys(grads);
      const norm = tf.sqrt(tf.addN(names.map((k) => grads[k].square().sum())));
      const scale = tf.minimum(tf.scalar(1), tf.scalar(1).div(norm.add(1e-6)));
      const clipped = {};
      for (const k of names) clipped[k] = grads[k].mul(scale);
      opt.applyGradients(clipped);
      return value;
    });
    return losses;
  };
  // Warm-up (shader and kernel compilation), then timed steps; every step's loss is read back,
  // as minima reads its losses.
  for (let i = 0; i < 3; i++) { const l = step(); await l.data(); l.dispose(); }
  const t0 = performance.now();
  let last = 0;
  for (let i = 0; i < steps; i++) { const l = step(); last = (await l.data())[0]; l.dispose(); }
  const seconds = (performance.now() - t0) / 1000;
  vars.forEach((v) => v.dispose());
  mask.dispose();
  return { backend: name, steps, seconds, stepsPerSecond: steps / seconds, lastLoss: last };
}

window.runBench = async (backends, steps) => {
  tf.wasm?.setWasmPaths?.("node_modules/@tensorflow/tfjs-backend-wasm/dist/");
  const results = [];
  for (const b of backends) {
    try {
      results.push(await timeBackend(b, b === "cpu" ? Math.max(2, Math.floor(steps / 4)) : steps));  // cpu: ~7 s a step
    } catch (e) {
      results.push({ backend: b, error: String(e) });
    }
    document.getElementById("out").textContent = JSON.stringify(results, null, 2);
  }
  return results;
};
