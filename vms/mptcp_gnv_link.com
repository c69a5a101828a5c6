$! File: mptcp_gnv_link.com (curl-mptcp toolkit)
$!
$! Link [.src]curl.exe of a GNV (configure and make) build against the
$! libcurl shared image, from the objects that mptcp_gnv_curl.opt names.
$! The kit generated that file from src/Makefile.inc, so it names every
$! tool source of this curl release, our MPTCP module included, where
$! upstream's hand-kept list in gnv_link_curl.com is out of date.
$! gnv_link_curl.com (as patched by the kit) calls this from the top
$! directory of the curl tree; it then skips its own link, as curl.exe
$! exists.
$!
$!   P1  the libcurl shared image (gnv$libcurl.exe)
$!   P2  link qualifiers, such as /debug
$!
$! SPDX-License-Identifier: curl
$!
$ on control_y then exit 44
$ if f$search("[.src]curl.exe") .nes. "" then exit 1
$ gnl_opt = "gnv_packages_vms:mptcp_gnv_curl.opt"
$ if f$search(gnl_opt) .eqs. ""
$ then
$   write sys$output "%MPTCP-F-NOLIST, ''gnl_opt' is missing: rebuild the kit"
$   exit 44
$ endif
$! Every object must be there: a missing one means make did not finish.
$ open /read gnl_in 'gnl_opt'
$gnl_loop:
$ read /end_of_file = gnl_done gnl_in gnl_line
$ gnl_line = f$edit(gnl_line, "TRIM")
$ if gnl_line .eqs. "" then goto gnl_loop
$ if f$extract(0, 1, gnl_line) .eqs. "!" then goto gnl_loop
$ if f$search(gnl_line) .eqs. ""
$ then
$   close gnl_in
$   write sys$output "%MPTCP-F-NOOBJ, ''gnl_line' is missing: run make first"
$   exit 44
$ endif
$ goto gnl_loop
$gnl_done:
$ close gnl_in
$ define /user gnv$libcurl 'p1'
$ link'p2' /executable = [.src]curl.exe /dsf = [.src]curl.dsf -
    'gnl_opt'/options, -
    gnv_packages_vms:curlmsg.obj, -
    sys$input:/options
gnv$libcurl/share
gnv_packages_vms:curl_crtl_init.obj
$ exit $status
