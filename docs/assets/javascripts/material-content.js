// Material for MkDocs 9.8.2, partials/javascripts/content.html, moved out of the page (see
// material-base.js): a link to a tab's id (for example #example) selects that tab.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"));
// Added for this handbook: a message's views come with no tab chosen (so that, with JavaScript
// off, the stylesheet can open #example); with JavaScript on, choose the first one.
document.querySelectorAll(".tabbed-set").forEach(function(set){var first=set.querySelector(":scope > input");set.querySelector(":scope > input:checked")||!first||(first.checked=!0)});
