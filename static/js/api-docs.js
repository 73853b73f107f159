// The API documentation (templates/drf_spectacular/swagger_ui.html) in Chinese: Swagger UI has no translations
// of its own, so its fixed labels ("Try it out", "Execute", "Responses" …) are replaced as it draws them.
// Only whole labels are matched, case and all, so the schema's own words (field names, values) are left alone.
(function () {
  "use strict";
  var LABELS = {
    "Authorize": "认证", "Authorized": "已认证", "Available authorizations": "可用的认证方式",
    "Logout": "退出认证", "Close": "关闭", "Value:": "值：", "Name:": "名称：", "In:": "位置：",
    "Try it out": "试用", "Cancel": "取消", "Execute": "发送请求", "Clear": "清除",
    "Parameters": "参数", "No parameters": "无参数", "Request body": "请求内容", "Responses": "响应",
    "Response body": "响应内容", "Response headers": "响应头", "Request URL": "请求地址", "Server response": "服务器响应",
    "Code": "状态码", "Description": "说明", "Details": "详情", "Links": "链接", "No links": "无链接",
    "Name": "名称", "Example Value": "示例", "Schema": "数据结构", "Schemas": "数据结构", "Media type": "内容类型",
    "Controls": "决定", "Accept": "Accept", "header.": "请求头。", "Send empty value": "发送空值",
    "Download": "下载", "Download file": "下载文件", "Filter by tag": "按分组筛选",
    "Expand all": "全部展开", "Collapse all": "全部收起", "Edit Value": "编辑", "Hide": "收起", "Show": "展开",
    "Servers": "服务器", "Computed URL:": "实际地址：", "Examples:": "示例：", "Example": "示例",
    "Failed to load API definition.": "无法读取接口说明。", "Could not render": "无法显示",
    "required": "必填", "deprecated": "已停用", "Undocumented": "未说明", "Loading...": "正在读取…",
    "Expand operation": "展开接口", "Collapse operation": "收起接口", "Copy to clipboard": "复制",
    "Apply credentials": "使用此认证", "Remove authorization": "取消认证",
    "authorization button locked": "已认证", "authorization button unlocked": "未认证",
    "Copy path to clipboard": "复制地址", "Copy code to clipboard": "复制代码",
    "Copy request snippet to clipboard": "复制请求命令", "Copy cURL command to clipboard": "复制 cURL 命令",
    "Request duration": "请求用时",
    "Response content type": "响应内容类型", "Request content type": "请求内容类型",
    "Parameter content type": "参数内容类型", "Required field is not provided": "必填项未填写",
    "Value must be an integer": "须为整数", "Value must be a number": "须为数字", "Value must be a string": "须为文字",
    "Value must be a boolean": "须为 true 或 false", "Value must be a file": "须为文件",
    "Failed to fetch": "请求未能发出（网络错误）", "Unknown error": "未知错误", "No callbacks": "无回调",
    "Server variables": "服务器变量",
  };
  var ATTRIBUTES = ["placeholder", "title", "aria-label"];

  function translateText(node) {
    var text = node.nodeValue;
    var key = text && text.trim();
    if (key && Object.prototype.hasOwnProperty.call(LABELS, key) && LABELS[key] !== key) {
      node.nodeValue = text.replace(key, LABELS[key]);
    }
  }

  function translateElement(element) {
    for (var i = 0; i < ATTRIBUTES.length; i++) {
      var value = element.getAttribute(ATTRIBUTES[i]);
      if (value && Object.prototype.hasOwnProperty.call(LABELS, value.trim())) {
        element.setAttribute(ATTRIBUTES[i], LABELS[value.trim()]);
      }
    }
  }

  function translate(root) {
    if (root.nodeType === Node.TEXT_NODE) {
      translateText(root);
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    translateElement(root);
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) translateText(node);
      else translateElement(node);
    }
  }

  var target = document.getElementById("swagger-ui");
  if (!target || !window.MutationObserver) return;
  new MutationObserver(function (mutations) {
    for (var i = 0; i < mutations.length; i++) {
      var mutation = mutations[i];
      if (mutation.type === "characterData") translateText(mutation.target);
      else if (mutation.type === "attributes") translateElement(mutation.target);
      else for (var j = 0; j < mutation.addedNodes.length; j++) translate(mutation.addedNodes[j]);
    }
  }).observe(target, { childList: true, subtree: true, characterData: true, attributes: true,
                       attributeFilter: ATTRIBUTES });
})();
