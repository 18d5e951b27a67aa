// The education pages' script. They run no WASM: this keeps what was read
// and answered in localStorage ("knip.learn.pending") for the app, which
// turns it into education.progressed ops the next time it opens (checked
// there by the same rules as every op; app/src/platform/offline/learn_inbox.rs).
// It also checks a quiz on the phone, so the quiz works offline, and marks
// the modules read on the list ("knip.learn.read", kept by the app).
(() => {
  const PENDING = "knip.learn.pending";
  const READ = "knip.learn.read";
  const MAX_PENDING = 500;

  const load = (key) => {
    try {
      const value = JSON.parse(localStorage.getItem(key) || "[]");
      return Array.isArray(value) ? value : [];
    } catch {
      return [];
    }
  };
  const keep = (progress) => {
    try {
      const pending = load(PENDING);
      pending.push(progress);
      localStorage.setItem(PENDING, JSON.stringify(pending.slice(-MAX_PENDING)));
    } catch {
      // Storage full or blocked: reading works on, nothing is recorded.
    }
  };

  const list = document.querySelector(".module-list[data-read-label]");
  if (list) {
    const read = new Set(load(READ));
    let count = 0;
    for (const item of list.querySelectorAll("li[data-module]")) {
      if (!read.has(item.dataset.module)) continue;
      count += 1;
      const mark = document.createElement("span");
      mark.className = "read-mark";
      mark.textContent = " · " + list.dataset.readLabel;
      item.append(mark);
    }
    const progress = document.querySelector(".learn-progress[data-template]");
    if (progress && count > 0) {
      progress.textContent = progress.dataset.template
        .replace("{read}", String(count))
        .replace("{total}", String(list.querySelectorAll("li[data-module]").length));
      progress.hidden = false;
    }
  }

  const article = document.querySelector("article[data-module]");
  if (!article) return;
  const module = article.dataset.module;
  const pages = Number(article.dataset.pages);
  const done = "done" in article.dataset;
  keep({ module, page: Number(article.dataset.page), completed: done });

  const quiz = document.querySelector("form.quiz");
  if (quiz) {
    quiz.addEventListener("submit", (event) => {
      const questions = [...quiz.querySelectorAll("fieldset[data-right]")];
      const answers = questions.map((q) => q.querySelector("input:checked"));
      if (answers.includes(null)) return; // the browser asks for the rest
      event.preventDefault();
      let right = 0;
      questions.forEach((question, i) => {
        const chosen = Number(answers[i].value);
        const correct = chosen === Number(question.dataset.right);
        if (correct) right += 1;
        question.querySelector(".quiz-right").hidden = !correct;
        question.querySelector(".quiz-wrong").hidden = correct;
        question.querySelector(".quiz-answer").hidden = false;
      });
      const score = quiz.querySelector(".quiz-score");
      score.textContent = score.dataset.template
        .replace("{right}", String(right))
        .replace("{total}", String(questions.length));
      keep({ module, page: pages, completed: true, quiz: answers.map((a) => Number(a.value)) });
    });
  }

  const feedback = document.querySelector("form.feedback-form");
  if (feedback) {
    feedback.addEventListener("submit", (event) => {
      if (navigator.onLine) return;
      event.preventDefault();
      feedback.querySelector(".feedback-offline").hidden = false;
    });
  }
})();
