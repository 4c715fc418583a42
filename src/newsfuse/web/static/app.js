// newsfuse: the one script. On an article opened from a citation, bring the cited span to the middle of the
// screen (the #cited fragment alone puts it at the very top, under the header).
document.addEventListener("DOMContentLoaded", () => {
  const cited = document.getElementById("cited");
  if (cited) cited.scrollIntoView({ block: "center" });
});
