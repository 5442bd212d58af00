/* The group plan (templates/group_plan/proposal.html): choosing another instruction group for a pupil moves
   the pupil to that column at once, so the three groups read as they will be saved. Without this script the
   choices are saved all the same. */
(function () {
  "use strict";
  var form = document.getElementById("group-plan");
  if (!form) return;
  function recount() {
    form.querySelectorAll(".band").forEach(function (band) {
      band.querySelector(".band-count").textContent = band.querySelectorAll("li").length;
    });
  }
  form.addEventListener("change", function (event) {
    var choice = event.target;
    if (!choice.matches || !choice.matches("select.band-choice")) return;
    var item = choice.closest("li");
    var band = form.querySelector('.band[data-band="' + choice.value + '"] ul');
    if (band) band.appendChild(item);
    item.classList.toggle("text-muted", !choice.value);
    choice.focus();
    recount();
  });
})();
