import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { linkRefusedPage, unsubscribedPage } from './unsubscribe-page';
import { UnsubscribeUserUseCase } from './unsubscribe-user/unsubscribe-user.usecase';

/** Nothing on these pages is loaded from elsewhere, nothing is cached, and no referrer leaves with the token. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

/**
 * `GET` and `POST /v1/unsubscribe?token=…`, without any key: the link in a
 * message (GET, a click) and the one-click unsubscribe of RFC 8058 (POST,
 * `List-Unsubscribe=One-Click`, from the mailbox provider). The token alone
 * says who and what; the answer is a small page in Korean and English (200),
 * or 400 / 410 for a token that is forged, altered or expired (nothing changes).
 */
@ApiTags('unsubscribe')
@Controller('v1/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly unsubscribe: UnsubscribeUserUseCase) {}

  @Get()
  @ApiOperation({ summary: 'The unsubscribe link of a message: withdraws advertising consent on its channel (no key; the token says who)' })
  @ApiQuery({ name: 'token', required: true })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'Withdrawn (or withdrawn before): a confirmation page in Korean and English' })
  @ApiResponse({ status: 400, description: 'A token that is not valid: a page; nothing changed' })
  @ApiResponse({ status: 410, description: 'An expired token: a page; nothing changed' })
  async click(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer(req, res);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'One-click unsubscribe (RFC 8058 List-Unsubscribe-Post), the same as the link' })
  @ApiQuery({ name: 'token', required: true })
  @ApiProduces('text/html')
  async oneClick(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer(req, res);
  }

  private async answer(req: Request, res: Response): Promise<void> {
    const result = await this.unsubscribe.execute({ token: req.query.token });
    if (result.ok) {
      const { workspace } = result;
      const sender = workspace.compliance === 'kr-ad-law' ? workspace.senderName : workspace.name;
      res.status(200).set(PAGE_HEADERS).send(unsubscribedPage(sender, result.subject.channel));
      return;
    }
    res
      .status(result.problem === 'expired' ? 410 : 400)
      .set(PAGE_HEADERS)
      .send(linkRefusedPage(result.problem));
  }
}
