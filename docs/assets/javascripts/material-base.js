// Material for MkDocs 9.8.2, partials/javascripts/base.html, moved out of the page so that the
// Content-Security-Policy allows no inline script. The one change: the scope is the site root,
// found from this file's own address (assets/javascripts/), not from a value in the page.
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
