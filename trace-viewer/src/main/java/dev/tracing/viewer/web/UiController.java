package dev.tracing.viewer.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Serves the single-page UI for its deep links, so that reloading a trace page works.
 */
@Controller
class UiController {

	@GetMapping({ "/trace/{traceId}", "/search", "/monitor" })
	String page() {
		return "forward:/index.html";
	}

}
