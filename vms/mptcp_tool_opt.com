$! File: mptcp_tool_opt.com (curl-mptcp toolkit)
$!
$! Write the linker options file that names every object of the curl tool,
$! for the CURL.EXE link of build_vms.com (as patched by the curl-mptcp
$! kit). The object names come from mptcp_tool.lis, which the kit
$! generated from src/Makefile.inc: our MPTCP module is among them.
$!
$!   P1  the list of object names (mptcp_tool.lis)
$!   P2  the object directory of build_vms.com
$!   P3  the options file to write
$!
$! SPDX-License-Identifier: curl
$!
$ on control_y then goto mto_abort
$ on error then goto mto_abort
$ if p1 .eqs. "" .or. p2 .eqs. "" .or. p3 .eqs. ""
$ then
$   write sys$output -
      "%MPTCP-F-USAGE, @mptcp_tool_opt.com list objdir optfile"
$   exit 44
$ endif
$ if f$search(p1) .eqs. ""
$ then
$   write sys$output "%MPTCP-F-NOLIST, ''p1' is missing: rebuild the kit"
$   exit 44
$ endif
$ open /read mto_in 'p1'
$ open /write mto_out 'p3'
$ write mto_out "! curl-mptcp: objects of CURL.EXE, from mptcp_tool.lis"
$ mto_count = 0
$mto_loop:
$ read /end_of_file = mto_done mto_in mto_name
$ mto_name = f$edit(mto_name, "TRIM")
$ if mto_name .eqs. "" then goto mto_loop
$ if f$extract(0, 1, mto_name) .eqs. "!" then goto mto_loop
$ mto_obj = p2 + mto_name + ".OBJ"
$ if f$search(mto_obj) .eqs. ""
$ then
$   write sys$output "%MPTCP-F-NOOBJ, ''mto_obj' was not compiled"
$   goto mto_abort
$ endif
$ write mto_out mto_obj
$ mto_count = mto_count + 1
$ goto mto_loop
$mto_done:
$! The message object that build_vms.com compiles from curlmsg.msg.
$ mto_obj = p2 + "CURLMSG.OBJ"
$ if f$search(mto_obj) .nes. "" then write mto_out mto_obj
$ close mto_out
$ close mto_in
$ write sys$output "%MPTCP-I-TOOLOPT, ''mto_count' objects in ''p3'"
$ exit 1
$mto_abort:
$ if f$trnlnm("mto_out") .nes. "" then close mto_out
$ if f$trnlnm("mto_in") .nes. "" then close mto_in
$ if f$search(p3) .nes. "" then delete 'p3';*
$ exit 44
