;;; eglot.el --- drives the SSL Lens language server from Emacs with Eglot, in batch mode -*- lexical-binding: t -*-
;;   emacs --batch -q -l eglot.el
;; Reads SSL_LENS_SERVER, SSL_LENS_FILE, SSL_LENS_HOVER_LINE/CHARACTER (0-based) and writes what it
;; saw, as JSON, to SSL_LENS_OUT.

(require 'package)
(package-initialize)
(require 'eglot)
(require 'python)
(require 'json)

(defun ssl-lens--wait (predicate seconds)
  "Process input until PREDICATE returns non-nil or SECONDS pass."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall predicate)))

(let ((file (getenv "SSL_LENS_FILE"))
      (out (getenv "SSL_LENS_OUT"))
      (result nil))
  (condition-case err
      (progn
        (add-to-list 'eglot-server-programs `(python-mode . ("node" ,(getenv "SSL_LENS_SERVER") "--stdio")))
        (find-file file)
        (python-mode)
        (apply #'eglot (eglot--guess-contact))
        (ssl-lens--wait (lambda () (eglot-current-server)) 20)
        ;; Flymake starts its backends after a command; batch mode runs none, so start it here.
        (flymake-start)
        (ssl-lens--wait (lambda () (flymake-diagnostics)) 20)
        (push (cons 'diagnostics
                    (vconcat
                     (mapcar (lambda (d)
                               (let ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
                                 `((line . ,(1- (line-number-at-pos beg)))
                                   (character . ,(save-excursion (goto-char beg) (current-column)))
                                   (end_line . ,(1- (line-number-at-pos end)))
                                   (end_character . ,(save-excursion (goto-char end) (current-column)))
                                   (type . ,(format "%s" (flymake-diagnostic-type d)))
                                   (message . ,(flymake-diagnostic-text d)))))
                             (flymake-diagnostics))))
              result)
        (let* ((server (eglot-current-server))
               (hover-provider (eglot--server-capable :hoverProvider)))
          (push (cons 'hoverProvider (if hover-provider t :json-false)) result)
          (when hover-provider
            (goto-char (point-min))
            (forward-line (string-to-number (getenv "SSL_LENS_HOVER_LINE")))
            (forward-char (string-to-number (getenv "SSL_LENS_HOVER_CHARACTER")))
            (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
              (push (cons 'hover (json-encode (plist-get hover :contents))) result)))
          (eglot-shutdown server)))
    (error (push (cons 'error (format "%S" err)) result)))
  (with-temp-file out (insert (json-encode result)))
  (kill-emacs 0))
